// Transport-agnostic registration of the IPC handlers: validates the sender, the input and the
// output of every call against the contract and answers with an IpcResult envelope. The same
// registry serves ipcMain in the app and a loopback transport in end-to-end tests.
import {
  invokeContract,
  pushContract,
  type InvokeParsedInput,
  type InvokeOutput,
  type IpcResult,
  type PushPayload,
} from '../../shared/ipc/contract';
import type { InvokeChannel, PushChannel } from '../../shared/ipc/channels';

/** Who sent a call; transports fill it from what they know (frame URL for ipcMain). */
export interface SenderInfo {
  url: string;
}

export interface IpcTransport {
  handle(channel: string, fn: (sender: SenderInfo, raw: unknown) => Promise<unknown>): void;
  send(channel: string, payload: unknown): void;
}

/** A missing handler fails to compile. Handlers receive input already parsed by the contract. */
export type Handlers = {
  [C in InvokeChannel]: (input: InvokeParsedInput<C>) => Promise<InvokeOutput<C>> | InvokeOutput<C>;
};

/** An error a handler throws on purpose; its code and message reach the renderer. */
export class IpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RegistryOptions {
  isTrustedSender(sender: SenderInfo): boolean;
  logError?(channel: string, error: unknown): void;
}

export function registerHandlers(
  transport: IpcTransport,
  handlers: Handlers,
  options: RegistryOptions,
): void {
  for (const channel of Object.keys(invokeContract) as InvokeChannel[]) {
    const schema = invokeContract[channel];
    const handler = handlers[channel] as (input: unknown) => unknown;
    transport.handle(channel, async (sender, raw): Promise<IpcResult<unknown>> => {
      if (!options.isTrustedSender(sender)) {
        return {
          ok: false,
          error: { code: 'untrusted-sender', message: 'This window may not call the app.' },
        };
      }
      const input = schema.input.safeParse(raw);
      if (!input.success) {
        return {
          ok: false,
          error: { code: 'bad-input', message: `Invalid input for ${channel}.` },
        };
      }
      try {
        const value: unknown = await handler(input.data);
        return { ok: true, value: schema.output.parse(value) };
      } catch (error) {
        if (error instanceof IpcError)
          return { ok: false, error: { code: error.code, message: error.message } };
        options.logError?.(channel, error);
        return {
          ok: false,
          error: { code: 'internal', message: 'Something went wrong in the app; see the log.' },
        };
      }
    });
  }
}

/** Pushes validated payloads; the only way main code talks to the renderer unprompted. */
export function createPublisher(transport: IpcTransport) {
  return function publish<C extends PushChannel>(channel: C, payload: PushPayload<C>): void {
    transport.send(channel, pushContract[channel].parse(payload));
  };
}
