// The history for the window: this computer's transfers (local-history.ts, shared with the CLI)
// and the team's sent packages from MASV, in the window's words. Links are copied from here by
// main, with their secrets from the secret store.
import type { HistoryItem, HistoryQuery, RemotePage } from '../../shared/schemas/history';
import { canRetry } from '../../shared/transfers';
import type { Logger } from '../engine/deps';
import { IpcError } from '../ipc/handler-registry';
import type { HistoryEntry } from '../services/history';
import type { EngineSession } from './engine-session';
import type { LocalHistory } from './local-history';

export interface HistoryServiceDeps {
  local: LocalHistory;
  session: EngineSession;
  logger: Logger;
}

export const REMOTE_PAGE_SIZE = 50;

export class HistoryService {
  constructor(private readonly deps: HistoryServiceDeps) {}

  async list(query: HistoryQuery = {}): Promise<HistoryItem[]> {
    const text = query.text?.trim().toLowerCase();
    return (await this.deps.local.list())
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
    const e = this.deps.local.find(id);
    if (!e) throw new IpcError('not-found', 'That entry is no longer in the history.');
    return e;
  }

  async linkUrl(id: string): Promise<string> {
    const link = await this.deps.local.linkUrl(this.entry(id));
    if (link.kind === 'none') throw new IpcError('no-link', 'This transfer has no share link.');
    if (link.kind === 'gone')
      throw new IpcError('link-gone', 'The secret of this link is no longer in the keychain.');
    return link.url;
  }

  async remove(id: string): Promise<void> {
    this.entry(id);
    await this.deps.local.remove(id);
  }

  clear(): Promise<void> {
    return this.deps.local.clear();
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
}

function searchable(e: HistoryEntry): string {
  return [e.name, e.destination, e.packageId, e.error?.message, e.id]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}
