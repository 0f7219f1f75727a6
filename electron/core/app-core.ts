// The app core: every service the window talks to, composed once, with no Electron in it.
// Three hosts use it: electron/main.ts (adds the app:// protocol, window, tray, power, native
// dialogs and notifications), the browser preview (scripts/preview.ts) and the end-to-end rig.
//
//   const core = createAppCore(host);           // synchronous: links can be accepted at once
//   registerHandlers(transport, core.handlers, …);
//   core.onPush((channel, payload) => publish(channel, payload));
//   await core.start();                         // credentials, unfinished transfers, teams
//   …
//   await core.close();                         // stops without forgetting (resumable)
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PushChannel } from '../../shared/ipc/channels';
import type { AboutInfo, PushPayload } from '../../shared/ipc/contract';
import type { TransferView } from '../../shared/schemas/transfer-view';
import { DeepLinkRouter } from './deep-link-router';
import type { Handlers } from '../ipc/handler-registry';
import { MasvClient } from '../masv/client';
import { ApiLog, createDispatcher } from '../masv/http';
import { ApiLogFile } from '../services/api-log-file';
import { CredentialStore, lazyKeychain } from '../services/credential-store';
import { linkConfigFor } from '../services/engine-factory';
import { HistoryStore } from '../services/history';
import { FileKeychain } from '../services/file-keychain';
import { SecretStore } from '../services/secret-store';
import { SettingsStore } from '../services/settings';
import { TransferMetaStore } from '../services/transfer-meta';
import { AccountService } from './account-service';
import { createAppHandlers } from './app-handlers';
import { aboutInfo } from './diagnostics';
import { EngineSession } from './engine-session';
import type { AppHost } from './host';
import { HistoryService } from './history-service';
import { LocalHistory } from './local-history';
import { LinkDownloads } from './link-downloads';
import { noticeFor } from './notifier';
import { SettingsService } from './settings-service';
import { ShareLinks } from './share-links';
import { TransferOutcomes } from './transfer-outcomes';
import { UploadStaging } from './upload-staging';

export type PushListener = <C extends PushChannel>(channel: C, payload: PushPayload<C>) => void;

export interface AppCore {
  handlers: Handlers;
  /** Deep links: `accept(text)` is what argv, second-instance and open-url call. */
  links: DeepLinkRouter;
  session: EngineSession;
  account: AccountService;
  staging: UploadStaging;
  settings: SettingsStore;
  /** Every transfer the queue shows (the engine's, then finished rows). */
  list(): TransferView[];
  onPush(listener: PushListener): () => void;
  /** A notification was clicked: the window shows that transfer. */
  showTransfer(id: string): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createAppCore(host: AppHost): AppCore {
  const settings = new SettingsStore({
    dir: host.paths.configDir,
    ...(host.settingsBackend === undefined ? {} : { backend: host.settingsBackend }),
  });
  const records = new TransferMetaStore(host.paths.controlDir);
  const history = new HistoryStore(host.paths.historyFile);
  const pushListeners = new Set<PushListener>();
  const push: PushListener = (channel, payload) => {
    for (const l of pushListeners) l(channel, payload);
  };

  // One keychain for credentials and transfer secrets, loaded on first use (it may be missing).
  let secretBackend: 'keychain' | 'file' = 'keychain';
  const keychain = lazyKeychain(async () => {
    const backend = await host.keychain();
    if (backend instanceof FileKeychain) secretBackend = 'file';
    return backend;
  });
  const credentialStore = new CredentialStore(keychain);
  const secrets = new SecretStore(keychain);
  const shareLinks = new ShareLinks(secrets);
  // Every request to MASV, as route templates, in the logs folder the CLI writes too.
  const apiLogFile = new ApiLogFile(host.paths.logsDir);

  const caPem = (): string | undefined => {
    const file = settings.get().caFile;
    if (file === null) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      host.logger.warn('cannot read the CA file from the settings', { file, error: String(error) });
      return undefined;
    }
  };

  const session = new EngineSession(
    {
      journalDir: host.paths.journalDir,
      secrets,
      records,
      logger: host.logger,
      apiLogSink: apiLogFile.sink,
      engineOptions: () => {
        const s = settings.get();
        const ca = caPem();
        return {
          partConcurrency: host.engine?.partConcurrency ?? s.partConcurrency,
          chunkSize: host.engine?.chunkSize ?? s.chunkSizeBytes,
          uploadBytesPerSecond: s.uploadLimitBytesPerSecond,
          downloadBytesPerSecond: s.downloadLimitBytesPerSecond,
          ...(ca === undefined ? {} : { ca }),
        };
      },
      ...(host.engine?.progressIntervalMs === undefined
        ? {}
        : { progressIntervalMs: host.engine.progressIntervalMs }),
    },
    settings.get().serverUrl,
    undefined,
  );

  const account = new AccountService({
    settings,
    credentials: credentialStore,
    session,
    logger: host.logger,
    secretBackend: () => secretBackend,
    probe: async (serverUrl, use) => {
      const ca = caPem();
      const dispatcher = createDispatcher(ca === undefined ? {} : { ca });
      try {
        return await use(
          new MasvClient({
            baseUrl: serverUrl,
            dispatcher,
            log: new ApiLog({ sink: apiLogFile.sink }),
          }),
        );
      } finally {
        await dispatcher.close().catch(() => undefined);
      }
    },
  });

  const settingsService = new SettingsService({
    store: settings,
    session,
    defaultDownloadFolder: host.defaultDownloadFolder,
    logger: host.logger,
    applyToHost: (s) => host.applySettings?.(s),
    ...(host.engine?.partConcurrency === undefined
      ? {}
      : { partConcurrency: host.engine.partConcurrency }),
  });
  settingsService.onChange((snapshot) => push('settings:settings-changed', snapshot));
  const staging = new UploadStaging();
  const outcomes = new TransferOutcomes({
    session,
    records,
    history,
    links: shareLinks,
    logger: host.logger,
  });
  const links = new DeepLinkRouter({
    extraHosts: () => linkConfigFor(session.serverUrl).linkHosts,
    publish: (action) => push('links:link-opened', action),
    newToken: () => randomUUID(),
    log: (m) => host.logger.warn(m),
  });

  const downloads = new LinkDownloads(links, session);
  const localHistory = new LocalHistory({
    store: history,
    links: shareLinks,
    secrets,
    logger: host.logger,
  });
  const historyService = new HistoryService({ local: localHistory, session, logger: host.logger });
  const about = (): AboutInfo => aboutInfo(host.versions);
  const historyChanged = () => push('history:history-changed', { count: history.list().length });
  const list = (): TransferView[] => [...session.list(), ...outcomes.finishedViews()];

  session.onEvent((event) => {
    if (outcomes.isFinished(event.snapshot.id)) return;
    push('transfers:transfer-changed', event);
    if (event.type !== 'state') return;
    void outcomes.onState(event.snapshot).then((settled) => {
      if (!settled) return;
      const notice = noticeFor(settled);
      if (notice && settings.get().notifications) host.notify(notice);
      push('transfers:transfer-changed', { type: 'state', snapshot: settled });
      historyChanged();
    });
  });
  session.onRemoved = (id) => push('transfers:transfer-removed', { id });
  account.onChange((a) => push('account:account-changed', a));
  staging.onChange((s) => push('staging:staging-changed', s));

  const handlers = createAppHandlers({
    host,
    settings,
    settingsService,
    records,
    session,
    account,
    staging,
    outcomes,
    links,
    downloads,
    history: historyService,
    historyChanged,
    about,
    apiLogFile,
    shareLinks,
    list,
    removed: (id) => push('transfers:transfer-removed', { id }),
  });

  return {
    handlers,
    links,
    session,
    account,
    staging,
    settings,
    list,
    showTransfer: (id) => push('app:show-transfer', { id }),
    onPush: (listener) => {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    start: async () => {
      settingsService.start();
      const stored = await account.load();
      session.setCredentials(stored);
      await session.restore();
      void account.refresh();
    },
    close: async () => {
      settingsService.stop();
      await session.close();
      await apiLogFile.close();
    },
  };
}
