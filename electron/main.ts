// Composition root of the desktop app: the app core (electron/core) plus what only Electron has:
// the app:// protocol, the window, the tray, the power guard, native dialogs and the clipboard.
// Logic lives in the modules it wires; this file only connects them.
import path from 'node:path';
import { app, clipboard, dialog, powerSaveBlocker, protocol, shell } from 'electron';
import { MASV_LINK_SCHEME } from '../shared/links';
import { APP_ORIGIN, APP_SCHEME } from './app/app-protocol';
import { serveRenderer } from './app/serve-renderer';
import { PowerGuard } from './app/power';
import { AppTray } from './app/tray';
import { WindowManager } from './app/window-manager';
import { isAppUrl } from './app/web-security';
import { createAppCore } from './core/app-core';
import { createPublisher, registerHandlers } from './ipc/handler-registry';
import { createIpcMainTransport } from './ipc/ipc-main-transport';
import { loadKeytar } from './services/credential-store';
import { createFileLogger } from './services/file-logger';
import { resolveAppPaths } from './services/paths';

const paths = resolveAppPaths();
const logger = createFileLogger(paths.logsDir);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the tray; it receives our argv through 'second-instance'.
  app.quit();
} else {
  start().catch((error: unknown) => {
    logger.error('start-up failed', { error: String(error) });
    app.exit(1);
  });
}

async function start(): Promise<void> {
  // The window exists only once the app is ready; events before that only queue links.
  const ui: { windows?: WindowManager } = {};
  const core = createAppCore({
    kind: 'electron',
    platform: process.platform,
    paths,
    logger,
    keychain: loadKeytar,
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
    showInFolder: (target) => shell.showItemInFolder(target),
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    defaultDownloadFolder: app.getPath('downloads'),
  });
  // Links can arrive before 'ready' (macOS open-url, argv): the core holds them until the
  // renderer says it is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    core.links.accept(url);
    ui.windows?.show();
  });
  app.on('second-instance', (_event, argv) => {
    core.links.acceptArgv(argv);
    ui.windows?.show();
  });

  await app.whenReady();
  app.setAsDefaultProtocolClient(MASV_LINK_SCHEME);
  protocol.handle(APP_SCHEME, serveRenderer(path.join(app.getAppPath(), 'out', 'renderer')));

  const windows = new WindowManager({
    preloadPath: path.join(app.getAppPath(), 'out', 'preload', 'preload.cjs'),
    onRendererGone: () => core.links.markNotReady(),
  });
  ui.windows = windows;
  const transport = createIpcMainTransport(() => windows.webContents);
  const publish = createPublisher(transport);
  registerHandlers(transport, core.handlers, {
    isTrustedSender: (sender) => isAppUrl(sender.url, APP_ORIGIN),
    logError: (channel, error) =>
      logger.error('ipc handler failed', { channel, error: String(error) }),
  });
  core.onPush(publish);

  const power = new PowerGuard({
    start: (type) => powerSaveBlocker.start(type),
    stop: (id) => powerSaveBlocker.stop(id),
  });
  const tray = new AppTray(path.join(process.resourcesPath, 'tray.png'), (command) => {
    switch (command) {
      case 'show':
        windows.show();
        break;
      case 'pause-all':
        void core.session.manager.pauseAll();
        break;
      case 'resume-all':
        core.session.manager.resumeAll();
        break;
      case 'quit':
        app.quit();
        break;
    }
  });
  core.onPush((channel) => {
    if (channel !== 'transfers:transfer-changed' && channel !== 'transfers:transfer-removed')
      return;
    const list = core.list();
    power.update(list);
    tray.update(list);
  });

  core.links.acceptArgv(process.argv.slice(1));
  await core.start();
  windows.show();

  app.on('window-all-closed', () => {
    // A tray app keeps running (and transferring) with no window open.
  });
  app.on('before-quit', () => windows.prepareToQuit());
  app.on('will-quit', (event) => {
    event.preventDefault();
    tray.destroy();
    // Stop without changing recorded states: the next start resumes every unfinished transfer.
    void core.close().finally(() => app.exit(0));
  });
}
