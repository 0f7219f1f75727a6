// A complete handler map for tests of the IPC plumbing: the channels a test cares about come
// from `overrides`; any other channel throws, so a test cannot pass by calling one by mistake.
import type { Handlers } from '../../electron/ipc/handler-registry';
import { ALL_INVOKE_CHANNELS } from '../../shared/ipc/channels';
import type { TransferView } from '../../shared/schemas/transfer-view';

export function fakeHandlers(overrides: Partial<Handlers>): Handlers {
  const all = Object.fromEntries(
    ALL_INVOKE_CHANNELS.map((channel) => [
      channel,
      () => {
        throw new Error(`${channel} is not under test`);
      },
    ]),
  );
  return { ...all, ...overrides } as Handlers;
}

export const sampleTransfer: TransferView = {
  id: 't1',
  kind: 'upload',
  state: 'transferring',
  name: 'Dailies',
  createdAt: 1,
  bytesDone: 5,
  bytesTotal: 10,
  filesDone: 0,
  filesTotal: 1,
  rateBytesPerSecond: 1,
  etaSeconds: 5,
  seq: 3,
  hasLink: false,
};

export const readyAnswer = {
  pendingLinks: [],
  host: { kind: 'preview' as const, platform: 'linux' as const },
};
