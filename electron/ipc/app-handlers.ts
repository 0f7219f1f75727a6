// The IPC handlers of the app, bound to the real services. No Electron here: main.ts passes the
// services in, and the end-to-end harness binds the same handlers to a WebSocket transport.
import type { SettingsSnapshot } from '../../shared/ipc/contract';
import { formatMasvLink, type MasvLink } from '../../shared/links';
import type { DownloadInput, TransferSnapshot } from '../../shared/transfers';
import { MasvError } from '../masv/errors';
import type { LinkAction } from '../../shared/ipc/contract';
import { IpcError, type Handlers } from './handler-registry';

export interface AppServices {
  transfers: {
    list(): TransferSnapshot[];
    pause(id: string): Promise<void>;
    resume(id: string): void;
    cancel(id: string): Promise<void>;
    pauseAll(): Promise<void>;
    resumeAll(): void;
    startDownload(input: DownloadInput): string;
  };
  links: {
    markReady(): LinkAction[];
    parse(text: string): { ok: true; action: LinkAction } | { ok: false; message: string };
    resolve(token: string): MasvLink | undefined;
  };
  settings(): SettingsSnapshot;
}

const done = { done: true } as const;

/** Engine errors carry a stable code and a message in user words: pass both through. */
async function userFacing<T>(op: () => T | Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (error instanceof MasvError) throw new IpcError(error.code, error.message);
    throw error;
  }
}

export function createAppHandlers(s: AppServices): Handlers {
  return {
    'app:ready': () => ({ pendingLinks: s.links.markReady() }),
    'transfers:list': () => s.transfers.list(),
    'transfers:pause': ({ id }) => userFacing(async () => (await s.transfers.pause(id), done)),
    'transfers:resume': ({ id }) => userFacing(() => (s.transfers.resume(id), done)),
    'transfers:cancel': ({ id }) => userFacing(async () => (await s.transfers.cancel(id), done)),
    'transfers:pause-all': () => userFacing(async () => (await s.transfers.pauseAll(), done)),
    'transfers:resume-all': () => userFacing(() => (s.transfers.resumeAll(), done)),
    'links:parse': ({ text }) => {
      const result = s.links.parse(text);
      if (!result.ok) throw new IpcError('bad-link', result.message);
      return result.action;
    },
    'downloads:start': ({ token, password }) =>
      userFacing(() => {
        const link = s.links.resolve(token);
        if (!link)
          throw new IpcError('link-gone', 'That link is no longer open here; paste it again.');
        const destination = s.settings().downloadFolder;
        const id = s.transfers.startDownload({
          linkUrl: formatMasvLink(link),
          destination,
          ...(password === undefined ? {} : { password }),
        });
        return { id };
      }),
    'settings:get': () => s.settings(),
  };
}
