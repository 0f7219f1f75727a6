// The app core's host for tests (the core harness and the end-to-end rig): everything real but
// the seams that need Electron, which record what the core asked for and answer what a test set.
import type { AppHost } from '../../electron/core/host';
import type { TransferNotice } from '../../electron/core/notifier';
import type { Logger } from '../../electron/engine/deps';
import type { KeychainBackend } from '../../electron/services/credential-store';
import type { AppPaths } from '../../electron/services/paths';

export interface HostDoubles {
  /** What the next "Add files" / "Add folders" dialog returns. */
  setPicks(paths: string[]): void;
  /** What the next folder picker returns (null = cancelled). */
  setFolderPick(path: string | null): void;
  /** What the next save dialog returns (null = cancelled). */
  setSavePath(path: string | null): void;
  copied: string[];
  /** Paths the core asked the system to show in its file manager. */
  shown: string[];
  /** URLs the core opened in the system browser. */
  opened: string[];
  notices: TransferNotice[];
}

export function testHost(o: {
  paths: AppPaths;
  keychain: () => Promise<KeychainBackend>;
  defaultDownloadFolder: string;
  logger: Logger;
  engine?: AppHost['engine'];
  /** Called when a notification is shown (the rig can "click" it). */
  onNotice?: (notice: TransferNotice) => void;
}): { host: AppHost; doubles: HostDoubles } {
  let picks: string[] = [];
  let folderPick: string | null = null;
  let savePath: string | null = null;
  const doubles: HostDoubles = {
    setPicks: (p) => void (picks = p),
    setFolderPick: (p) => void (folderPick = p),
    setSavePath: (p) => void (savePath = p),
    copied: [],
    shown: [],
    opened: [],
    notices: [],
  };
  const host: AppHost = {
    kind: 'preview',
    platform: process.platform,
    paths: o.paths,
    logger: o.logger,
    keychain: o.keychain,
    chooseUploadPaths: () => Promise.resolve(picks),
    chooseFolder: () => Promise.resolve(folderPick),
    chooseSavePath: () => Promise.resolve(savePath),
    showInFolder: (p) => void doubles.shown.push(p),
    openExternal: (url) => void doubles.opened.push(url),
    notify: (notice) => {
      doubles.notices.push(notice);
      o.onNotice?.(notice);
    },
    versions: { app: '0.0.0-test', electron: null, chrome: null },
    clipboard: { writeText: (t) => void doubles.copied.push(t) },
    defaultDownloadFolder: o.defaultDownloadFolder,
    ...(o.engine === undefined ? {} : { engine: o.engine }),
  };
  return { host, doubles };
}
