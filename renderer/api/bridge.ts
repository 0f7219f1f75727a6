// The only module that touches window.bridge. Typed from the shared contract; unwraps the
// IpcResult envelope into a value or a thrown BridgeError with the code from main.
import type { InvokeChannel, PushChannel } from '../../shared/ipc/channels';
import type { InvokeInput, InvokeOutput, IpcResult, PushPayload } from '../../shared/ipc/contract';

export interface RawBridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
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
  };
}
