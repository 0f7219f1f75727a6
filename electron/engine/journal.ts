// Append-only JSON-lines journal, one file per transfer, for crash-safe resume.
// Appends are group-committed: records queued while a write+fsync is in flight go out together
// in the next one, so thousands of small files don't pay one fsync each. On open, the journal is
// cut back to its longest intact prefix (a torn last line from kill -9 mid-write, a corrupt record,
// garbage appended), with a warning: every prefix is a state the transfer really passed through, so what remains is consistent.
// A journal belongs to one process at a time: opening takes <id>.lock (process-lock.ts) before
// anything is read or trimmed, so a live writer elsewhere never has a record cut under it.
import { mkdir, open, readdir, readFile, rename, rm, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fromFsError, masvError } from '../masv/errors';
import { crashNow, crashPoint } from './crash-point';
import type { Logger } from './deps';
import { JournalSealer, carriesSecret } from './journal-secrets';
import type { TransferSecrets } from './journal-secrets';
import { acquireLockFile, lockHolder, releaseLockFile } from './process-lock';
import type { LockInfo } from './process-lock';

const SUFFIX = '.jsonl';

export interface Journal<R = unknown> {
  readonly path: string;
  readonly transferId: string;
  /** Durable when the promise resolves (written and fsynced). */
  append(record: R): Promise<void>;
  /** Every intact record, oldest first. */
  read(): Promise<R[]>;
  /** Replaces the file atomically with exactly these records. */
  compact(records: R[]): Promise<void>;
  /** Records appended since open or the last compaction (lets callers decide when to compact). */
  readonly appendedSinceCompact: number;
  close(): Promise<void>;
  remove(): Promise<void>;
}

export function journalPath(dir: string, transferId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(transferId))
    throw new Error(`invalid transfer id for a journal: ${transferId}`);
  return join(dir, `${transferId}${SUFFIX}`);
}

export function journalLockPath(dir: string, transferId: string): string {
  return `${journalPath(dir, transferId).slice(0, -SUFFIX.length)}.lock`;
}

/** Who owns a journal right now (another process, or another manager in this one), or null. */
export function journalOwner(dir: string, transferId: string): LockInfo | null {
  return lockHolder(journalLockPath(dir, transferId));
}

/** Transfer ids that have a journal in dir. */
export async function listJournals(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((n) => n.endsWith(SUFFIX))
      .map((n) => n.slice(0, -SUFFIX.length))
      .sort();
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return [];
    throw fromFsError(e, dir, 'read');
  }
}

export interface JournalSecretsOptions {
  secrets: TransferSecrets;
  logger: Logger;
}

/**
 * Opens (creating) a transfer's journal. With `sealing`, records are written without their
 * secrets (journal-secrets.ts) and read back with them.
 */
export async function openJournal<R = unknown>(
  dir: string,
  transferId: string,
  sealing?: JournalSecretsOptions,
  logger: Logger | undefined = sealing?.logger,
): Promise<Journal<R>> {
  // Journals name the user's files and packages: the folder is the user's alone.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = journalPath(dir, transferId);
  const lock = journalLockPath(dir, transferId);
  let taken;
  try {
    taken = acquireLockFile(lock, 'journal');
  } catch (e) {
    throw fromFsError(e, lock, 'write');
  }
  if (!taken.ok) {
    const who = taken.holder ? ` (process ${taken.holder.pid})` : '';
    throw masvError('in-use', {
      message: `transfer ${transferId} is open in another MASV process${who}`,
      retryable: false,
    });
  }
  try {
    await cutDamagedTail(path, transferId, logger);
    const fh = await open(path, 'a', 0o600);
    const file = new FileJournal<R>(dir, path, transferId, fh, lock);
    return sealing
      ? new SealedJournal<R>(
          file,
          new JournalSealer(sealing.secrets, transferId, sealing.logger),
          sealing.logger,
        )
      : file;
  } catch (e) {
    releaseLockFile(lock);
    throw e;
  }
}

/** A journal line that can be a record: JSON of a plain object. */
function parseRecord(line: string): unknown {
  try {
    const r: unknown = JSON.parse(line);
    return typeof r === 'object' && r !== null && !Array.isArray(r) ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The longest intact prefix of journal bytes: whole lines (ending in a newline) that each hold a
 * record. Blank lines are skipped. `end` is where the intact part stops (the file's length when
 * nothing is damaged).
 */
export function intactPrefix<R>(buf: Buffer): { records: R[]; end: number } {
  const records: R[] = [];
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(0x0a, at);
    if (nl < 0) break; // torn: a record never finished
    const line = buf.subarray(at, nl).toString('utf8');
    if (line.trim() !== '') {
      const r = parseRecord(line);
      if (r === undefined) break; // corrupt: nothing after it can be trusted to follow from it
      records.push(r as R);
    }
    at = nl + 1;
  }
  return { records, end: at };
}

/** Parses journal text up to its first torn or corrupt line (the last good state). */
export function parseJournal<R>(text: string): R[] {
  return intactPrefix<R>(Buffer.from(text, 'utf8')).records;
}

/**
 * Cuts a journal back to its intact prefix before it is appended to, so later records stay
 * readable, with a warning. (The cut bytes are not kept: a journal of the earlier format could
 * hold secrets inline, and nothing in them can be resumed from.)
 */
async function cutDamagedTail(path: string, id: string, logger?: Logger): Promise<void> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return;
    throw fromFsError(e, path, 'read');
  }
  const { records, end } = intactPrefix(buf);
  // Nothing intact at all (its header is damaged): left as it is, for the manager to report.
  if (end === buf.length || records.length === 0) return;
  const cut = buf.subarray(end);
  const torn = !cut.includes(0x0a);
  await truncate(path, end);
  logger?.warn(
    torn
      ? 'journal ended in the middle of a record (the process stopped while writing it); resuming from the record before it'
      : 'journal holds a damaged record; resuming from the last good record before it',
    { id, keptRecords: records.length, cutBytes: cut.length },
  );
}

type Pending =
  | { kind: 'line'; line: string; resolve: () => void; reject: (e: unknown) => void }
  | { kind: 'compact'; records: unknown[]; resolve: () => void; reject: (e: unknown) => void };

/** Appends and compactions share one ordered queue, so an append never lands in a replaced file. */
class FileJournal<R> implements Journal<R> {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  appendedSinceCompact = 0;

  constructor(
    private readonly dir: string,
    readonly path: string,
    readonly transferId: string,
    private fh: FileHandle,
    private readonly lock: string,
  ) {}

  append(record: R): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    this.appendedSinceCompact++;
    return this.enqueue({ kind: 'line', line: `${JSON.stringify(record)}\n` });
  }

  compact(records: R[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    return this.enqueue({ kind: 'compact', records });
  }

  private enqueue(
    item: { kind: 'line'; line: string } | { kind: 'compact'; records: unknown[] },
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head?.kind === 'compact') {
        this.queue.shift();
        try {
          await this.rewrite(head.records);
          head.resolve();
        } catch (e) {
          head.reject(fromFsError(e, this.path, 'write'));
        }
        continue;
      }
      const cut = this.queue.findIndex((p) => p.kind === 'compact');
      const batch = cut < 0 ? this.queue.splice(0) : this.queue.splice(0, cut);
      try {
        const text = batch.map((p) => (p.kind === 'line' ? p.line : '')).join('');
        if (crashPoint('journal-write')) {
          // Test-only (crash-point.ts): die with half the batch on disk, a torn last record.
          await this.fh.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
          await this.fh.sync();
          crashNow();
        }
        await this.fh.write(text);
        await this.fh.sync();
        for (const p of batch) p.resolve();
      } catch (e) {
        const err = fromFsError(e, this.path, 'write');
        for (const p of batch) p.reject(err);
      }
    }
  }

  private async rewrite(records: unknown[]): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const out = await open(tmp, 'w', 0o600);
    try {
      await out.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
      await out.sync();
    } finally {
      await out.close();
    }
    await this.fh.close();
    await rename(tmp, this.path);
    await syncDir(this.dir);
    this.fh = await open(this.path, 'a', 0o600);
    this.appendedSinceCompact = 0;
  }

  private async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async read(): Promise<R[]> {
    await this.drain();
    try {
      return parseJournal<R>(await readFile(this.path, 'utf8'));
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return [];
      throw fromFsError(e, this.path, 'read');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.drain();
      await this.fh.close();
    } finally {
      releaseLockFile(this.lock);
    }
  }

  async remove(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.drain();
      await this.fh.close();
      await rm(this.path, { force: true });
      await rm(`${this.path}.tmp`, { force: true });
    } finally {
      // Released last: nobody may open (and re-create) the journal while it is being deleted.
      releaseLockFile(this.lock);
    }
  }
}

/** Makes the rename durable; some file systems refuse to fsync a directory, which is fine. */
async function syncDir(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Best effort only.
  }
}

/**
 * A journal whose records go to disk without their secrets. Sealing may wait for the keychain,
 * so records that need it (and every record after them, until they are queued) go through one
 * chain: the file's order is always the order of the calls.
 */
class SealedJournal<R> implements Journal<R> {
  private chain: Promise<void> | null = null;

  constructor(
    private readonly inner: Journal<R>,
    private readonly sealer: JournalSealer,
    private readonly logger: Logger,
  ) {}

  get path(): string {
    return this.inner.path;
  }

  get transferId(): string {
    return this.inner.transferId;
  }

  get appendedSinceCompact(): number {
    return this.inner.appendedSinceCompact;
  }

  append(record: R): Promise<void> {
    if (this.chain === null && !carriesSecret(record)) return this.inner.append(record);
    return this.inOrder(async () => ({
      durable: this.inner.append(await this.sealer.seal(record)),
    }));
  }

  compact(records: R[]): Promise<void> {
    return this.inOrder(async () => {
      const sealed: R[] = [];
      for (const r of records) sealed.push(await this.sealer.seal(r));
      return { durable: this.inner.compact(sealed) };
    });
  }

  /** Queues after every earlier call was queued; resolves when its own write is durable. */
  private inOrder(queue: () => Promise<{ durable: Promise<void> }>): Promise<void> {
    const queued = (this.chain ?? Promise.resolve()).then(queue);
    const link = queued.then(
      () => undefined,
      () => undefined,
    );
    this.chain = link;
    void link.then(() => {
      if (this.chain === link) this.chain = null;
    });
    return queued.then((q) => q.durable);
  }

  async read(): Promise<R[]> {
    await this.chain;
    const records = await this.inner.read();
    if (records.some((r) => JournalSealer.hasInlineSecret(r))) await this.migrate(records);
    const out: R[] = [];
    for (const r of records) out.push(await this.sealer.unseal(r));
    return out;
  }

  /** An earlier journal kept its secrets inline: move them to the store, rewrite the file. */
  private async migrate(records: R[]): Promise<void> {
    try {
      await this.compact(records);
      this.logger.info('moved transfer secrets from the journal to the keychain', {
        id: this.transferId,
      });
    } catch (e) {
      // The journal keeps working as it is; the next read tries again.
      this.logger.warn('could not move transfer secrets to the keychain', {
        id: this.transferId,
        error: String(e),
      });
    }
  }

  async close(): Promise<void> {
    await this.chain;
    await this.inner.close();
  }

  async remove(): Promise<void> {
    await this.chain;
    await this.inner.remove();
    await this.sealer.forget();
  }
}
