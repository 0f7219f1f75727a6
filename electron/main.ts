// Composition root of the desktop app: builds the services and the engine, registers IPC,
// serves the renderer, and wires the window, the tray, deep links and the power guard.
// Logic lives in the modules it wires; this file only connects them.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, net, powerSaveBlocker, protocol } from 'electron';
import { MASV_LINK_SCHEME } from '../shared/links';
import { PUSH_CHANNELS } from '../shared/ipc/channels';
import type { LinkAction, SettingsSnapshot } from '../shared/ipc/contract';
import { APP_ORIGIN, APP_SCHEME, RENDERER_CSP_HEADER, resolveBundlePath } from './app/app-protocol';
import { DeepLinkRouter } from './app/deep-link-router';
import { PowerGuard } from './app/power';
import { AppTray } from './app/tray';
import { WindowManager } from './app/window-manager';
import { isAppUrl } from './app/web-security';
import { createAppHandlers } from './ipc/app-handlers';
import { createPublisher, registerHandlers } from './ipc/handler-registry';
import { createIpcMainTransport } from './ipc/ipc-main-transport';
import { CredentialStore, loadKeytar } from './services/credential-store';
import { createEngine, linkConfigFor } from './services/engine-factory';
import { createFileLogger } from './services/file-logger';
import { resolveAppPaths } from './services/paths';
import { SettingsStore } from './services/settings';

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
  // Links can arrive before 'ready' (macOS open-url, argv); the router holds them until the
  // renderer says it is ready, and these two are replaced once the window and IPC exist.
  let pushLink: (action: LinkAction) => void = () => undefined;
  let showWindow: () => void = () => undefined;
  const settingsStore = new SettingsStore({ dir: paths.configDir });
  const router = new DeepLinkRouter({
    extraHosts: () => linkConfigFor(settingsStore.get().serverUrl).linkHosts,
    publish: (action) => pushLink(action),
    newToken: () => randomUUID(),
    log: (m) => logger.warn(m),
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    router.accept(url);
    showWindow();
  });
  app.on('second-instance', (_event, argv) => {
    router.acceptArgv(argv);
    showWindow();
  });

  await app.whenReady();
  app.setAsDefaultProtocolClient(MASV_LINK_SCHEME);

  const rendererDir = path.join(app.getAppPath(), 'out', 'renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveBundlePath(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP_HEADER);
    return new Response(response.body, { status: response.status, headers });
  });

  const settings = settingsStore.get();
  const credentialStore = new CredentialStore(await loadKeytar());
  const stored = await credentialStore.get(settings.serverUrl).catch(() => null);
  const engine = createEngine({
    serverUrl: settings.serverUrl,
    journalDir: paths.journalDir,
    partConcurrency: settings.partConcurrency,
    uploadBytesPerSecond: settings.uploadLimitBytesPerSecond,
    downloadBytesPerSecond: settings.downloadLimitBytesPerSecond,
    chunkSize: settings.chunkSizeBytes,
    logger,
    ...(settings.caFile ? { ca: await readFile(settings.caFile, 'utf8') } : {}),
    ...(stored
      ? {
          credentials:
            stored.kind === 'api-key' ? { apiKey: stored.apiKey } : { userToken: stored.userToken },
        }
      : {}),
  });

  const windows = new WindowManager({
    preloadPath: path.join(app.getAppPath(), 'out', 'preload', 'preload.cjs'),
    onRendererGone: () => router.markNotReady(),
  });
  const transport = createIpcMainTransport(() => windows.webContents);
  const publish = createPublisher(transport);
  pushLink = (action) => publish(PUSH_CHANNELS.linkOpened, action);
  showWindow = () => windows.show();
  const downloadFolder = settings.downloadFolder ?? app.getPath('downloads');
  await mkdir(downloadFolder, { recursive: true });
  const snapshot = (): SettingsSnapshot => {
    const s = settingsStore.get();
    return {
      serverUrl: s.serverUrl,
      downloadFolder: s.downloadFolder ?? downloadFolder,
      uploadLimitBytesPerSecond: s.uploadLimitBytesPerSecond,
      downloadLimitBytesPerSecond: s.downloadLimitBytesPerSecond,
    };
  };
  registerHandlers(
    transport,
    createAppHandlers({ transfers: engine.manager, links: router, settings: snapshot }),
    {
      isTrustedSender: (sender) => isAppUrl(sender.url, APP_ORIGIN),
      logError: (channel, error) =>
        logger.error('ipc handler failed', { channel, error: String(error) }),
    },
  );

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
        void engine.manager.pauseAll();
        break;
      case 'resume-all':
        engine.manager.resumeAll();
        break;
      case 'quit':
        app.quit();
        break;
    }
  });
  engine.manager.onEvent((event) => {
    publish(PUSH_CHANNELS.transferChanged, event);
    if (event.type === 'state') {
      const list = engine.manager.list();
      power.update(list);
      tray.update(list);
    }
  });

  router.acceptArgv(process.argv.slice(1));
  await engine.manager.restoreFromJournals();
  windows.show();

  app.on('window-all-closed', () => {
    // A tray app keeps running (and transferring) with no window open.
  });
  app.on('before-quit', () => windows.prepareToQuit());
  app.on('will-quit', (event) => {
    event.preventDefault();
    tray.destroy();
    // Stop without changing recorded states: the next start resumes every unfinished transfer.
    void engine.close().finally(() => app.exit(0));
  });
}
