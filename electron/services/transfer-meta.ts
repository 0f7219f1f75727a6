// What the app and the CLI remember about a transfer beyond the engine's journal: which server it
// belongs to (so a resume talks to the right one even after a later sign-in elsewhere), where it
// goes in words, what to do when it completes (make a share link), and its latest snapshot while
// a process runs it (so `masv transfers` in another terminal shows live progress without touching
// the journal). No secrets: a share link is kept here by its id only.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TransferSnapshot } from '../../shared/transfers';

export const TransferMeta = z.object({
  id: z.string(),
  kind: z.enum(['upload', 'download']),
  serverUrl: z.string(),
  name: z.string(),
  createdAt: z.string(),
  /** Team uploads get a share link when they end; portal uploads do not (no team access). */
  teamId: z.string().optional(),
  makeLink: z.boolean().default(false),
  destination: z.string().optional(),
  /** Where it goes or comes from, in words ("Team Acme", "Portal demo"). */
  place: z.string().optional(),
  /** The share link made when a team upload ended; its secret lives in the secret store. */
  linkId: z.string().optional(),
});
export type TransferMeta = z.infer<typeof TransferMeta>;

export class TransferMetaStore {
  constructor(private readonly dir: string) {}

  private file(id: string, suffix: string): string {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw new Error(`invalid transfer id: ${id}`);
    return path.join(this.dir, `${id}${suffix}`);
  }

  save(meta: TransferMeta): void {
    this.write(this.file(meta.id, '.meta.json'), meta);
  }

  get(id: string): TransferMeta | undefined {
    return this.read(this.file(id, '.meta.json'), TransferMeta);
  }

  /** Latest snapshot published by the process running the transfer. */
  saveStatus(snapshot: TransferSnapshot): void {
    this.write(this.file(snapshot.id, '.status.json'), snapshot);
  }

  status(id: string): TransferSnapshot | undefined {
    return this.read(this.file(id, '.status.json'), TransferSnapshot);
  }

  ids(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((n) => n.endsWith('.meta.json'))
        .map((n) => n.slice(0, -'.meta.json'.length));
    } catch {
      return [];
    }
  }

  remove(id: string): void {
    rmSync(this.file(id, '.meta.json'), { force: true });
    rmSync(this.file(id, '.status.json'), { force: true });
  }

  private write(file: string, value: unknown): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, file);
  }

  private read<T>(file: string, schema: z.ZodType<T>): T | undefined {
    try {
      const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
