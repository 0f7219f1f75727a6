// Finished transfers (complete, failed, cancelled), newest first, capped so the file stays
// small. Written atomically (temp file + rename) so a crash never leaves half a file; two CLI
// processes finishing at once may drop one entry, which is acceptable for a history view.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const HistoryEntry = z.object({
  id: z.string().min(1),
  kind: z.enum(['upload', 'download']),
  state: z.enum(['complete', 'idle', 'failed', 'cancelled']),
  name: z.string(),
  bytesTotal: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  startedAt: z.string(),
  finishedAt: z.string(),
  packageId: z.string().optional(),
  /** The server the transfer talked to (share links are rebuilt from it). */
  serverUrl: z.string().optional(),
  /** Share link of a team upload, by id: its secret lives in the secret store. */
  linkId: z.string().optional(),
  /** Share link written by earlier versions, secret included; the file is kept 0600. */
  linkUrl: z.string().optional(),
  destination: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

const HistoryFile = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

export const DEFAULT_HISTORY_LIMIT = 500;

export class HistoryStore {
  private readonly limit: number;

  constructor(
    private readonly file: string,
    options: { limit?: number } = {},
  ) {
    this.limit = options.limit ?? DEFAULT_HISTORY_LIMIT;
  }

  /** Newest first. Unreadable entries are skipped rather than failing the whole list. */
  list(): HistoryEntry[] {
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
    const file = HistoryFile.safeParse(parsed);
    if (!file.success) return [];
    const out: HistoryEntry[] = [];
    for (const e of file.data.entries) {
      const entry = HistoryEntry.safeParse(e);
      if (entry.success) out.push(entry.data);
    }
    return out;
  }

  /** Adds or replaces (same id) an entry at the front and trims to the limit. */
  add(entry: HistoryEntry): void {
    const checked = HistoryEntry.parse(entry);
    const rest = this.list().filter((e) => e.id !== checked.id);
    this.write([checked, ...rest].slice(0, this.limit));
  }

  /** Changes entries in place, keeping their order (migrations). */
  rewrite(change: (entry: HistoryEntry) => HistoryEntry): void {
    this.write(this.list().map((e) => HistoryEntry.parse(change(e))));
  }

  remove(id: string): boolean {
    const all = this.list();
    const kept = all.filter((e) => e.id !== id);
    if (kept.length === all.length) return false;
    this.write(kept);
    return true;
  }

  clear(): void {
    this.write([]);
  }

  private write(entries: HistoryEntry[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, entries }, null, 1), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
