// This computer's transfer history, for the app and the CLI alike: entries in the history file
// (services/history.ts) name a share link by id and server; its secret lives in the secret store
// and is read only when someone copies or prints the link. Removing an entry removes its secret.
// Entries written by 0.1.x with a full link (secret included) are migrated on first read.
import { parseMasvLink } from '../../shared/links';
import type { Logger } from '../engine/deps';
import type { HistoryEntry, HistoryStore } from '../services/history';
import type { SecretStore } from '../services/secret-store';
import type { ShareLinks } from './share-links';

export interface LocalHistoryDeps {
  store: HistoryStore;
  links: ShareLinks;
  secrets: SecretStore;
  logger: Logger;
}

export type EntryLink = { kind: 'url'; url: string } | { kind: 'none' } | { kind: 'gone' };

export class LocalHistory {
  private migrated = false;

  constructor(private readonly deps: LocalHistoryDeps) {}

  /** Newest first, after moving any secret-bearing link of an earlier version to the store. */
  async list(): Promise<HistoryEntry[]> {
    await this.migrate();
    return this.deps.store.list();
  }

  /** Adds a resting transfer; the entry must carry no secret (a link goes by `linkId`). */
  add(entry: HistoryEntry): void {
    if (entry.linkUrl !== undefined) throw new Error('history entries keep links by id only');
    this.deps.store.add(entry);
  }

  find(id: string): HistoryEntry | undefined {
    return this.deps.store.list().find((x) => x.id === id);
  }

  /**
   * The entry's full share link: 'none' when it has none, 'gone' when its secret is no longer
   * in the store (removed, or another keychain).
   */
  async linkUrl(e: HistoryEntry): Promise<EntryLink> {
    await this.migrate();
    const fresh = this.find(e.id) ?? e;
    if (fresh.linkId === undefined || fresh.serverUrl === undefined) return { kind: 'none' };
    const url = await this.deps.links.url(fresh.serverUrl, fresh.linkId);
    return url === undefined ? { kind: 'gone' } : { kind: 'url', url };
  }

  /** Removes an entry and its link's secret; false when there was no such entry. */
  async remove(id: string): Promise<boolean> {
    const e = this.find(id);
    if (!e) return false;
    this.deps.store.remove(id);
    if (e.linkId !== undefined) await this.forgetLink(e.linkId);
    return true;
  }

  async clear(): Promise<void> {
    const all = this.deps.store.list();
    this.deps.store.clear();
    for (const e of all) if (e.linkId !== undefined) await this.forgetLink(e.linkId);
  }

  private async forgetLink(linkId: string): Promise<void> {
    await this.deps.links
      .forget(linkId)
      .catch((error: unknown) =>
        this.deps.logger.warn('could not remove a link secret', { error: String(error) }),
      );
  }

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
