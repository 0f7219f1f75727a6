// The only module that touches window.bridge. Typed from the shared contract; unwraps the
// IpcResult envelope into a value or a thrown BridgeError with the code from main.
import type { InvokeChannel, PushChannel } from '../../shared/ipc/channels';
import type { InvokeInput, InvokeOutput, IpcResult, PushPayload } from '../../shared/ipc/contract';

export interface RawBridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
  /** The local path of a dropped file (Electron's webUtils); '' where there is none (a browser). */
  pathForFile(file: File): string;
}

export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AppApi {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...input: InvokeInput<C> extends undefined ? [] : [InvokeInput<C>]
  ): Promise<InvokeOutput<C>>;
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void;
  pathForFile(file: File): string;
}

export function createAppApi(raw: RawBridge): AppApi {
  return {
    async invoke(channel, ...input) {
      const result = (await raw.invoke(channel, input[0])) as IpcResult<never>;
      if (!result.ok) throw new BridgeError(result.error.code, result.error.message);
      return result.value;
    },
    on(channel, listener) {
      // Main validates every push against the contract before sending it.
      return raw.on(channel, (payload) => listener(payload as never));
    },
    pathForFile(file) {
      try {
        return raw.pathForFile(file);
      } catch {
        return '';
      }
    },
  };
}

/** Main words its errors for users; anything else means the call itself did not get through. */
export function messageOf(error: unknown): string {
  return error instanceof BridgeError
    ? sentence(error.message)
    : 'The app did not answer. Try again.';
}

/** Engine errors arrive as clauses ("the disk is full"); the window shows sentences. */
export function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

export function codeOf(error: unknown): string {
  return error instanceof BridgeError ? error.code : 'no-answer';
}
