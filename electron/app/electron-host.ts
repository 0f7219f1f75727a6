// The app core's host in the Electron app: native dialogs, the clipboard, notifications, the
// file manager and the browser, electron-store for settings, and the OS keychain.
import { app, clipboard, dialog, Notification, shell } from 'electron';
import ElectronStore from 'electron-store';
import type { AppHost } from '../core/host';
import type { Logger } from '../engine/deps';
import { loadKeytar } from '../services/credential-store';
import { keychainLoader } from '../services/file-keychain';
import type { AppPaths } from '../services/paths';

export interface ElectronHostOptions {
  paths: AppPaths;
  logger: Logger;
  /** Brings the window up on a transfer (a notification was clicked). */
  showTransfer(id: string): void;
  applySettings: NonNullable<AppHost['applySettings']>;
}

export function electronHost(o: ElectronHostOptions): AppHost {
  return {
    kind: 'electron',
    platform: process.platform,
    paths: o.paths,
    logger: o.logger,
    keychain: keychainLoader({
      load: loadKeytar,
      stateDir: o.paths.stateDir,
      env: process.env,
      onFallback: (notice) => o.logger.warn(notice),
    }),
    // electron-store is conf for Electron: the same settings.json the CLI reads through conf.
    settingsBackend: (b) =>
      new ElectronStore<Record<string, unknown>>({
        cwd: b.cwd,
        name: b.name,
        configFileMode: b.fileMode,
      }),
    chooseUploadPaths: async (kind) => {
      const result = await dialog.showOpenDialog({
        title: kind === 'files' ? 'Add files to send' : 'Add folders to send',
        properties: [kind === 'files' ? 'openFile' : 'openDirectory', 'multiSelections'],
      });
      return result.canceled ? [] : result.filePaths;
    },
    chooseFolder: async () => {
      const result = await dialog.showOpenDialog({
        title: 'Choose where to download',
        properties: ['openDirectory', 'createDirectory'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseSavePath: async (defaultName) => {
      const result = await dialog.showSaveDialog({
        title: 'Export diagnostics',
        defaultPath: defaultName,
        filters: [{ name: 'Zip archive', extensions: ['zip'] }],
      });
      return result.canceled ? null : (result.filePath ?? null);
    },
    showInFolder: (target) => shell.showItemInFolder(target),
    openExternal: (url) => shell.openExternal(url),
    notify: (notice) => {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title: notice.title, body: notice.body });
      n.on('click', () => o.showTransfer(notice.transferId));
      n.show();
    },
    versions: {
      app: app.getVersion(),
      electron: process.versions.electron,
      chrome: process.versions.chrome,
    },
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    defaultDownloadFolder: app.getPath('downloads'),
    applySettings: o.applySettings,
  };
}
