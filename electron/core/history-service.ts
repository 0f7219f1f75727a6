// The history for the window: this computer's transfers (electron/services/history.ts, shared
// with the CLI) and the team's sent packages from MASV. Links are copied from here by main, with
// their secrets from the secret store; removing an entry removes its secret too. Entries written
// by earlier versions with a full link (secret included) are migrated on first read.
import type { HistoryItem, HistoryQuery, RemotePage } from '../../shared/schemas/history';
import { parseMasvLink } from '../../shared/links';
import { canRetry } from '../../shared/transfers';
import type { Logger } from '../engine/deps';
import { IpcError } from '../ipc/handler-registry';
import type { HistoryEntry, HistoryStore } from '../services/history';
import type { SecretStore } from '../services/secret-store';
import type { EngineSession } from './engine-session';
import type { ShareLinks } from './share-links';

export interface HistoryServiceDeps {
  store: HistoryStore;
  links: ShareLinks;
  secrets: SecretStore;
  session: EngineSession;
  logger: Logger;
}

export const REMOTE_PAGE_SIZE = 50;

export class HistoryService {
  private migrated = false;

  constructor(private readonly deps: HistoryServiceDeps) {}

  async list(query: HistoryQuery = {}): Promise<HistoryItem[]> {
    await this.migrate();
    const text = query.text?.trim().toLowerCase();
    return this.deps.store
      .list()
      .filter((e) => query.kind === undefined || e.kind === query.kind)
      .filter((e) => !text || searchable(e).includes(text))
      .map((e) => this.item(e));
  }

  /** The team's sent packages, newest first (needs a signed-in account with a team). */
  async remote(page: number, teamId: string | null, text?: string): Promise<RemotePage> {
    if (teamId === null)
      throw new IpcError('not-signed-in', 'Sign in to see your team’s packages.');
    const r = await this.deps.session.client.listTeamPackages(teamId, {
      page,
      limit: REMOTE_PAGE_SIZE,
      sort: '-created_at',
      ...(text ? { name: text } : {}),
    });
    return {
      page,
      pageSize: REMOTE_PAGE_SIZE,
      total: r.total,
      records: r.records.map((p) => ({
        id: p.id,
        name: p.name ?? p.id,
        ...(p.sender === undefined ? {} : { sender: p.sender }),
        ...(p.state === undefined ? {} : { state: p.state }),
        size: p.size ?? 0,
        fileCount: p.totalFiles ?? 0,
        ...(p.createdAt === undefined ? {} : { createdAt: p.createdAt }),
        ...(p.expiry === undefined ? {} : { expiry: p.expiry }),
      })),
    };
  }

  entry(id: string): HistoryEntry {
    const e = this.deps.store.list().find((x) => x.id === id);
    if (!e) throw new IpcError('not-found', 'That entry is no longer in the history.');
    return e;
  }

  async linkUrl(id: string): Promise<string> {
    await this.migrate();
    const e = this.entry(id);
    if (e.linkId === undefined || e.serverUrl === undefined)
      throw new IpcError('no-link', 'This transfer has no share link.');
    const url = await this.deps.links.url(e.serverUrl, e.linkId);
    if (url === undefined)
      throw new IpcError('link-gone', 'The secret of this link is no longer in the keychain.');
    return url;
  }

  async remove(id: string): Promise<void> {
    const e = this.entry(id);
    this.deps.store.remove(id);
    if (e.linkId !== undefined) await this.forgetLink(e.linkId);
  }

  async clear(): Promise<void> {
    const all = this.deps.store.list();
    this.deps.store.clear();
    for (const e of all) if (e.linkId !== undefined) await this.forgetLink(e.linkId);
  }

  private item(e: HistoryEntry): HistoryItem {
    const started = Date.parse(e.startedAt);
    const finished = Date.parse(e.finishedAt);
    const duration =
      Number.isFinite(started) && finished > started ? (finished - started) / 1000 : 0;
    const live = this.deps.session.manager.get(e.id);
    return {
      id: e.id,
      kind: e.kind,
      state: e.state,
      name: e.name,
      bytesTotal: e.bytesTotal,
      filesTotal: e.filesTotal,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      durationSeconds: duration,
      averageRate: duration > 0 && e.state === 'complete' ? e.bytesTotal / duration : 0,
      ...(e.packageId === undefined ? {} : { packageId: e.packageId }),
      ...(e.destination === undefined ? {} : { destination: e.destination }),
      ...(e.error === undefined ? {} : { error: e.error }),
      hasLink: e.linkId !== undefined,
      canRetry: live !== undefined && canRetry(live),
    };
  }

  private async forgetLink(linkId: string): Promise<void> {
    await this.deps.links
      .forget(linkId)
      .catch((error: unknown) =>
        this.deps.logger.warn('could not remove a link secret', { error: String(error) }),
      );
  }

  /** Moves secrets out of entries written with a full link URL (0.1.x) into the secret store. */
  private async migrate(): Promise<void> {
    if (this.migrated) return;
    const moved = new Map<string, { linkId: string; serverUrl: string } | null>();
    for (const e of this.deps.store.list()) {
      if (e.linkUrl === undefined) continue;
      const parsed = parseMasvLink(e.linkUrl, { extraHosts: [hostOf(e.linkUrl)] });
      if (parsed.ok) {
        await this.deps.secrets.set(`share-link:${parsed.link.linkId}`, parsed.link.secret);
        moved.set(e.id, { linkId: parsed.link.linkId, serverUrl: e.serverUrl ?? apiOf(e.linkUrl) });
      } else {
        this.deps.logger.warn('dropped an unreadable link from the history', { id: e.id });
        moved.set(e.id, null);
      }
    }
    if (moved.size > 0) {
      this.deps.store.rewrite((e) => {
        if (!moved.has(e.id)) return e;
        const { linkUrl: _secretBearing, ...rest } = e;
        const link = moved.get(e.id);
        return link ? { ...rest, ...link } : rest;
      });
    }
    this.migrated = true;
  }
}

function searchable(e: HistoryEntry): string {
  return [e.name, e.destination, e.packageId, e.error?.message, e.id]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').host;
  } catch {
    return '';
  }
}

/** Production links point at the production API; the local service serves links on its API host. */
function apiOf(url: string): string {
  const u = new URL(url);
  return u.host === 'get.massive.app' || u.host === 'get.massive.io'
    ? 'https://api.massive.app'
    : `${u.protocol}//${u.host}`;
}
