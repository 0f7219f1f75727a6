// Makes written bytes of one .part file durable in the background: every `thresholdBytes`
// written by any of the file's parallel ranges (or every `intervalMs` on a slow link, so a crash
// never loses much time either), one fdatasync covers them all, and only then are they
// journaled (so after kill -9 a replayed range is really on disk). Profiling a 2 GiB
// download showed each range stopping to fdatasync every 8 MiB on its own (256 syncs, the
// receive loop idle meanwhile); one shared sync that the ranges do not wait for keeps the
// sockets moving and the disk writing in large runs.
import type { FileHandle } from 'node:fs/promises';
import { fromFsError } from '../../masv/errors';
import type { ByteRange } from './range-set';

export interface DurableRangesOptions {
  fh: FileHandle;
  /** Sync once this many bytes are pending… */
  thresholdBytes: number;
  /** …or once any are and this long passed since the last sync started. */
  intervalMs: number;
  now: () => number;
  /** For messages only: the final relative path. */
  where: string;
  /** Journals bytes [start, end) once they are on disk. */
  onDurable: (start: number, end: number) => Promise<void>;
}

export class DurableRanges {
  /** Written but not yet fdatasync'ed, in the order written. */
  private pending: ByteRange[] = [];
  private pendingBytes = 0;
  private syncing: Promise<void> | undefined;
  private failure: Error | undefined;
  private lastSync: number;

  constructor(private readonly o: DurableRangesOptions) {
    this.lastSync = o.now();
  }

  /** Bytes [start, end) were written. Starts a background sync once enough is pending. */
  written(start: number, end: number): void {
    if (end <= start) return;
    this.pending.push({ start, end });
    this.pendingBytes += end - start;
    if (this.syncing) return;
    if (
      this.pendingBytes >= this.o.thresholdBytes ||
      this.o.now() - this.lastSync >= this.o.intervalMs
    )
      this.syncing = this.sync();
  }

  /** Throws a sync or journal failure that happened in the background. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits until everything written so far is on disk and journaled. */
  async settle(): Promise<void> {
    while (this.syncing !== undefined || (this.pending.length > 0 && this.failure === undefined)) {
      this.syncing ??= this.sync();
      await this.syncing;
    }
    this.check();
  }

  /** One fdatasync, then the journal records for what it covered. Never rejects. */
  private async sync(): Promise<void> {
    const spans = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.lastSync = this.o.now();
    try {
      try {
        await this.o.fh.datasync();
      } catch (e) {
        throw fromFsError(e, this.o.where, 'write');
      }
      // Parallel ranges interleave their 1 MiB batches; each range's run becomes one record,
      // all queued at once so the journal's group commit writes them with one fsync.
      await Promise.all(mergeSpans(spans).map((s) => this.o.onDurable(s.start, s.end)));
    } catch (e) {
      this.failure ??= e instanceof Error ? e : new Error(String(e));
    } finally {
      this.syncing = undefined;
    }
  }
}

/** Sorted, with touching or overlapping spans joined. */
export function mergeSpans(spans: readonly ByteRange[]): ByteRange[] {
  const out: ByteRange[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}
