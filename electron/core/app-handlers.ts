// The IPC handlers of the app, bound to the app core's services. No Electron here: each host
// registers the same handlers on its transport (ipcMain, or the loopback WebSocket).
import { mkdir } from 'node:fs/promises';
import type { AboutInfo } from '../../shared/ipc/contract';
import type { OnConflict } from '../../shared/schemas/settings';
import type { TransferFiles, TransferView } from '../../shared/schemas/transfer-view';
import type { UploadDestination } from '../../shared/schemas/upload-destination';
import { canRetry, type UploadInput } from '../../shared/transfers';
import { MasvError } from '../masv/errors';
import { IpcError, type Handlers } from '../ipc/handler-registry';
import type { DeepLinkRouter } from './deep-link-router';
import type { SettingsStore } from '../services/settings';
import type { TransferMetaStore } from '../services/transfer-meta';
import type { AccountService } from './account-service';
import type { ApiLogFile } from '../services/api-log-file';
import { diagnosticsFileName, writeDiagnostics } from './diagnostics';
import type { EngineSession } from './engine-session';
import { checkExternalUrl } from './external-links';
import type { HistoryService } from './history-service';
import type { LinkDownloads } from './link-downloads';
import type { AppHost } from './host';
import type { SettingsService } from './settings-service';
import type { ShareLinks } from './share-links';
import type { TransferOutcomes } from './transfer-outcomes';
import type { UploadStaging } from './upload-staging';

export interface AppHandlerDeps {
  host: AppHost;
  settings: SettingsStore;
  settingsService: SettingsService;
  records: TransferMetaStore;
  session: EngineSession;
  account: AccountService;
  staging: UploadStaging;
  outcomes: TransferOutcomes;
  links: DeepLinkRouter;
  downloads: LinkDownloads;
  history: HistoryService;
  historyChanged(): void;
  about(): AboutInfo;
  apiLogFile: ApiLogFile;
  shareLinks: ShareLinks;
  list(): TransferView[];
  removed(id: string): void;
}

const done = { done: true } as const;

/** Files can be added only to an upload that was sent and left open; said before any dialog. */
function mustBeIdleUpload(view: TransferView): void {
  if (view.kind !== 'upload' || view.state !== 'idle')
    throw new IpcError(
      'not-idle',
      'Files can be added only to an upload that was sent and left open for more.',
    );
}

/** Engine errors carry a stable code and a message in user words: pass both through. */
async function userFacing<T>(op: () => T | Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (error instanceof MasvError) throw new IpcError(error.code, error.message);
    throw error;
  }
}

export function createAppHandlers(d: AppHandlerDeps): Handlers {
  const { session, outcomes } = d;
  const known = (id: string): TransferView => {
    const view = d.list().find((t) => t.id === id);
    if (!view) throw new IpcError('not-found', 'That transfer is no longer in the queue.');
    return view;
  };

  return {
    'app:ready': () => ({
      pendingLinks: d.links.markReady(),
      host: { kind: d.host.kind, platform: platformOf(d.host.platform) },
    }),

    'app:about': () => d.about(),
    'app:open-external': ({ url }) =>
      userFacing(async () => {
        await d.host.openExternal(checkExternalUrl(url, session.serverUrl));
        return done;
      }),
    'diagnostics:export': async () => {
      const target = await d.host.chooseSavePath(diagnosticsFileName());
      if (target === null) return { path: null, files: [] };
      const files = await writeDiagnostics(target, {
        logsDir: d.host.paths.logsDir,
        settings: d.settings.get(),
        transfers: d.list(),
        about: d.about(),
        flushApiLog: () => d.apiLogFile.flush(),
        scrub: (text) => session.manager.deps.apiLog.secrets.scrub(text),
      });
      return { path: target, files };
    },
    'account:get': () => d.account.get(),
    'account:sign-in': (input) => d.account.signIn(input),
    'account:sign-out': () => d.account.signOut(),
    'account:set-team': ({ teamId }) => d.account.setTeam(teamId),

    'staging:get': () => d.staging.snapshot(),
    'staging:add-paths': ({ paths }) => d.staging.add(paths),
    'staging:pick': async ({ kind }) => d.staging.add(await d.host.chooseUploadPaths(kind)),
    'staging:remove': ({ id }) => d.staging.remove(id),
    'staging:clear': () => d.staging.clear(),

    'portals:lookup': ({ subdomain }) =>
      userFacing(async () => {
        const p = await session.client.getPortal(subdomain.toLowerCase());
        return {
          subdomain: p.subdomain ?? subdomain.toLowerCase(),
          name: p.name ?? subdomain,
          message: p.message ?? '',
          hasAccessCode: p.hasAccessCode ?? false,
        };
      }),

    'uploads:start': ({ destination }) =>
      userFacing(async () => {
        await d.staging.settled();
        const paths = d.staging.paths();
        if (paths.length === 0)
          throw new IpcError('nothing-staged', 'Add files or folders to send first.');
        const account = d.account.get();
        if (destination.kind === 'team') {
          if (account.state !== 'signed-in')
            throw new IpcError('not-signed-in', 'Sign in to send to your team.');
          if (!account.teams.some((t) => t.id === destination.teamId))
            throw new IpcError('not-found', 'This account is not in that team.');
        }
        const s = d.settings.get();
        const id = session.manager.startUpload({
          ...uploadInput(destination, paths),
          chunkSize: d.host.engine?.chunkSize ?? s.chunkSizeBytes,
          verifyEtags: s.integrityCheck,
        });
        d.records.save({
          id,
          kind: 'upload',
          serverUrl: session.serverUrl,
          name: destination.name,
          createdAt: new Date().toISOString(),
          makeLink: destination.kind === 'team',
          ...(destination.kind === 'team'
            ? { teamId: destination.teamId, place: placeOfTeam(account, destination.teamId) }
            : { place: `Portal ${destination.subdomain}` }),
        });
        session.republish(id);
        d.staging.clear();
        return { id };
      }),

    'transfers:list': () => d.list(),
    'transfers:files': ({ id }) => files(d, id),
    'transfers:pause': ({ id }) => userFacing(async () => (await session.manager.pause(id), done)),
    'transfers:resume': ({ id }) => userFacing(() => (session.manager.resume(id), done)),
    'transfers:retry': ({ id }) =>
      userFacing(() => {
        const view = known(id);
        if (!canRetry(view))
          throw new IpcError('not-failed', 'Only a failed transfer can be retried.');
        session.manager.resume(id);
        return done;
      }),
    'transfers:cancel': ({ id }) =>
      userFacing(async () => (await session.manager.cancel(id), done)),
    'transfers:finalize': ({ id }) => userFacing(() => (session.manager.finalizeUpload(id), done)),
    'uploads:add-files': ({ id, kind }) =>
      userFacing(async () => {
        mustBeIdleUpload(known(id));
        const paths = await d.host.chooseUploadPaths(kind);
        if (paths.length === 0) return { files: 0 };
        return { files: await session.manager.addUploadFiles(id, paths) };
      }),
    'uploads:add-paths': ({ id, paths }) =>
      userFacing(async () => {
        mustBeIdleUpload(known(id));
        return { files: await session.manager.addUploadFiles(id, paths) };
      }),
    'transfers:restart-changed': ({ id }) =>
      userFacing(async () => ({ files: await session.manager.restartChangedFiles(id) })),
    'transfers:finalize-without-failed': ({ id }) =>
      userFacing(async () => ({ files: await session.manager.finalizeWithoutFailed(id) })),
    'transfers:remove': ({ id }) =>
      userFacing(async () => {
        if (!outcomes.forget(id)) {
          await session.manager.remove(id);
          d.records.remove(id);
        }
        d.removed(id);
        return done;
      }),
    'transfers:copy-link': ({ id }) =>
      userFacing(async () => {
        const record = d.records.get(id);
        if (record?.linkId === undefined)
          throw new IpcError('no-link', 'This transfer has no share link.');
        const url = await d.shareLinks.url(record.serverUrl, record.linkId);
        if (url === undefined)
          throw new IpcError('link-gone', 'The secret of this link is no longer in the keychain.');
        await d.host.clipboard.writeText(url);
        return done;
      }),
    'transfers:pause-all': () => userFacing(async () => (await session.manager.pauseAll(), done)),
    'transfers:resume-all': () => userFacing(() => (session.manager.resumeAll(), done)),

    'links:parse': ({ text }) => {
      const result = d.links.parse(text);
      if (!result.ok) throw new IpcError('bad-link', result.message);
      return result.action;
    },
    'links:open': ({ token, password }) => userFacing(() => d.downloads.open(token, password)),
    'downloads:preflight': (choice) =>
      userFacing(async () => {
        const { folder, policy } = await destinationOf(d, choice);
        return d.downloads.preflight(choice, folder, policy);
      }),
    'downloads:start': ({ password, ...choice }) =>
      userFacing(async () => {
        const { folder, policy } = await destinationOf(d, choice);
        const { name, input, link } = d.downloads.request(choice, folder, policy, password);
        const id = session.manager.startDownload(input);
        // The link's secret goes to the keychain (history copies the link from there).
        await d.shareLinks
          .keep(link.id, link.secret)
          .catch((e: unknown) =>
            d.host.logger.warn('could not keep the link secret', { error: String(e) }),
          );
        d.records.save({
          id,
          kind: 'download',
          serverUrl: session.serverUrl,
          name,
          createdAt: new Date().toISOString(),
          makeLink: false,
          linkId: link.id,
          destination: folder,
          place: folder,
        });
        session.republish(id);
        return { id };
      }),
    'dialogs:pick-folder': async () => ({ path: await d.host.chooseFolder() }),
    'transfers:show-in-folder': ({ id }) =>
      userFacing(async () => {
        const folder = known(id).destination ?? d.records.get(id)?.destination;
        if (folder === undefined)
          throw new IpcError('no-folder', 'This transfer has no folder on this computer.');
        await d.host.showInFolder(folder);
        return done;
      }),

    'history:list': (query) => d.history.list(query),
    'history:remote': ({ page, text }) =>
      userFacing(() => {
        const account = d.account.get();
        return d.history.remote(page, account.state === 'signed-in' ? account.teamId : null, text);
      }),
    'history:remove': ({ id }) =>
      userFacing(async () => {
        await d.history.remove(id);
        d.historyChanged();
        return done;
      }),
    'history:clear': () =>
      userFacing(async () => {
        await d.history.clear();
        d.historyChanged();
        return done;
      }),
    'history:copy-link': ({ id }) =>
      userFacing(async () => {
        await d.host.clipboard.writeText(await d.history.linkUrl(id));
        return done;
      }),
    'history:retry': ({ id }) =>
      userFacing(() => {
        const live = session.manager.get(id);
        if (live === undefined || !canRetry(live))
          throw new IpcError(
            'cannot-retry',
            'This transfer can no longer be retried here; start it again.',
          );
        session.manager.resume(id);
        return done;
      }),
    'history:show-in-folder': ({ id }) =>
      userFacing(async () => {
        const folder = d.history.entry(id).destination;
        if (folder === undefined)
          throw new IpcError('no-folder', 'This transfer has no folder on this computer.');
        await d.host.showInFolder(folder);
        return done;
      }),
    'settings:get': () => d.settingsService.snapshot(),
    'settings:update': ({ patch }) => d.settingsService.update(patch),
  };
}

/** The chosen folder or the settings' one (the OS Downloads folder is created if missing). */
async function destinationOf(
  d: AppHandlerDeps,
  choice: { destination?: string; policy?: OnConflict },
) {
  const s = d.settings.get();
  const folder = choice.destination ?? s.downloadFolder ?? d.host.defaultDownloadFolder;
  if (choice.destination === undefined && s.downloadFolder === null)
    await mkdir(folder, { recursive: true });
  return { folder, policy: choice.policy ?? s.onConflict };
}

function uploadInput(destination: UploadDestination, paths: string[]): UploadInput {
  if (destination.kind === 'team') {
    return {
      paths,
      name: destination.name,
      description: destination.message ?? '',
      target: {
        kind: 'team',
        teamId: destination.teamId,
        recipients: destination.recipients ?? [],
        ...(destination.password === undefined ? {} : { password: destination.password }),
      },
      ...(destination.keepOpen ? { finalize: false } : {}),
    };
  }
  return {
    paths,
    name: destination.name,
    description: destination.message ?? '',
    target: {
      kind: 'portal',
      subdomain: destination.subdomain,
      senderEmail: destination.senderEmail,
      ...(destination.accessCode === undefined ? {} : { accessCode: destination.accessCode }),
    },
  };
}

function placeOfTeam(account: ReturnType<AccountService['get']>, teamId: string): string {
  const team =
    account.state === 'signed-in' ? account.teams.find((t) => t.id === teamId) : undefined;
  return `Team ${team?.name ?? teamId}`;
}

function files(d: AppHandlerDeps, id: string): TransferFiles {
  const view = d.list().find((t) => t.id === id);
  if (!view) throw new IpcError('not-found', 'That transfer is no longer in the queue.');
  const live = d.session.manager.get(id) !== undefined;
  return {
    id,
    files: live ? d.session.manager.files(id) : d.outcomes.finishedFiles(id),
    skipped: (view.skipped ?? []).map(splitReason),
    renamed: view.renamed ?? [],
  };
}

function splitReason(line: string): { path: string; reason: string } {
  const at = line.lastIndexOf(': ');
  return at < 0
    ? { path: line, reason: '' }
    : { path: line.slice(0, at), reason: line.slice(at + 2) };
}

function platformOf(p: NodeJS.Platform): 'darwin' | 'win32' | 'linux' | 'other' {
  return p === 'darwin' || p === 'win32' || p === 'linux' ? p : 'other';
}
