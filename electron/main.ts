// Composition root of the desktop app: the app core (electron/core) plus what only Electron has:
// the app:// protocol, the window, the tray, the power guard, native dialogs, notifications,
// login items and the quit guard. Logic lives in the modules it wires; this file only connects them.
import path from 'node:path';
import { app, dialog, nativeTheme, powerSaveBlocker, protocol } from 'electron';
import { MASV_LINK_SCHEME } from '../shared/links';
import { APP_ORIGIN, APP_SCHEME } from './app/app-protocol';
import { electronHost } from './app/electron-host';
import { PowerGuard } from './app/power';
import { quitPrompt } from './app/quit-guard';
import { serveRenderer } from './app/serve-renderer';
import { AppTray } from './app/tray';
import { trayModel } from './app/tray-model';
import { isAppUrl } from './app/web-security';
import { WindowManager } from './app/window-manager';
import { createAppCore } from './core/app-core';
import { createPublisher, registerHandlers } from './ipc/handler-registry';
import { createIpcMainTransport } from './ipc/ipc-main-transport';
import { createFileLogger } from './services/file-logger';
import { resolveAppPaths } from './services/paths';

const paths = resolveAppPaths();
const logger = createFileLogger(paths.logsDir);
/** Started by the OS at login: stay in the tray until the user opens the window. */
const HIDDEN_FLAG = '--hidden';

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
  const windows = new WindowManager({
    preloadPath: path.join(app.getAppPath(), 'out', 'preload', 'preload.cjs'),
    onRendererGone: () => core.links.markNotReady(),
    onCloseWithoutTray: () => app.quit(),
  });
  const core = createAppCore(
    electronHost({
      paths,
      logger,
      showTransfer: (id) => {
        windows.show();
        core.showTransfer(id);
      },
      applySettings: (s) => {
        nativeTheme.themeSource = s.theme;
        windows.closeToTray = s.closeToTray;
        // Linux has no login items in Electron; its autostart entry is the desktop's business.
        if (process.platform !== 'linux')
          app.setLoginItemSettings({ openAtLogin: s.launchAtLogin, args: [HIDDEN_FLAG] });
      },
    }),
  );
  // Links can arrive before 'ready' (macOS open-url, argv): the core holds them until the
  // renderer says it is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    core.links.accept(url);
    if (app.isReady()) windows.show();
  });
  app.on('second-instance', (_event, argv) => {
    core.links.acceptArgv(argv);
    windows.show();
  });

  await app.whenReady();
  app.setAsDefaultProtocolClient(MASV_LINK_SCHEME);
  protocol.handle(APP_SCHEME, serveRenderer(path.join(app.getAppPath(), 'out', 'renderer')));

  const transport = createIpcMainTransport(() => windows.webContents);
  registerHandlers(transport, core.handlers, {
    isTrustedSender: (sender) => isAppUrl(sender.url, APP_ORIGIN),
    logError: (channel, error) =>
      logger.error('ipc handler failed', { channel, error: String(error) }),
  });
  core.onPush(createPublisher(transport));

  const power = new PowerGuard({
    start: (type) => powerSaveBlocker.start(type),
    stop: (id) => powerSaveBlocker.stop(id),
  });
  const tray = new AppTray(path.join(process.resourcesPath, 'tray.png'), (command, id) => {
    switch (command) {
      case 'show':
        windows.show();
        if (id !== undefined) core.showTransfer(id);
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
    windows.setProgress(trayModel(list).progress);
  });

  core.links.acceptArgv(process.argv.slice(1));
  await core.start();
  // Windows passes the login item's args; macOS says it opened the app at login.
  const hidden =
    process.argv.includes(HIDDEN_FLAG) ||
    (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  if (hidden) windows.prepare();
  else windows.show();

  app.on('window-all-closed', () => {
    // A tray app keeps running (and transferring) with no window open.
  });
  let confirmed = false;
  app.on('before-quit', (event) => {
    const prompt = confirmed ? undefined : quitPrompt(core.list());
    if (prompt === undefined) return windows.prepareToQuit();
    event.preventDefault();
    void dialog
      .showMessageBox({ type: 'question', ...prompt, defaultId: 0, cancelId: 1 })
      .then(async ({ response }) => {
        if (response !== 0) return;
        // Paused and journaled before exit: the next start shows them paused, nothing lost.
        await core.session.manager.pauseAll();
        confirmed = true;
        app.quit();
      });
  });
  app.on('will-quit', (event) => {
    event.preventDefault();
    tray.destroy();
    // Stop without changing recorded states: the next start resumes every unfinished transfer.
    void core.close().finally(() => app.exit(0));
  });
}
