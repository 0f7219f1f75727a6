// The in-memory ledger of one download: session, plan and per-file progress. It is the single
// source for snapshots, per-file views and journal compaction, and it mirrors every journal
// record before it is appended so a compaction never loses one.
import type { FileProgressSnapshot, FileState, TransferError } from '../../../shared/transfers';
import { compactRecords } from './download-journal';
import type { DownloadRecord, DownloadRequest, ReplayedDownload } from './download-journal';
import type { FileProgressState } from './file-download';
import { RangeSet } from './range-set';

export type Session = Extract<DownloadRecord, { t: 'session' }>;
export type Plan = Extract<DownloadRecord, { t: 'plan' }>;

export interface FileEntry extends FileProgressState {
  state: FileState;
  /** Bytes written (journaled ones after a failure), for progress. */
  bytesDone: number;
  /** Why this file failed (state 'failed'); the rest of the package went on. */
  error?: TransferError;
}

export interface Totals {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export class DownloadBook {
  session: Session | undefined;
  plan: Plan | undefined;
  readonly entries = new Map<string, FileEntry>();
  /** Names changed at the final move (something appeared after planning). */
  private readonly moved = new Map<string, string>();

  usePlan(plan: Plan, replayed?: ReplayedDownload): void {
    this.plan = plan;
    this.entries.clear();
    for (const file of plan.files) {
      const done = replayed?.done.has(file.id) ?? false;
      const ranges = replayed?.ranges.get(file.id) ?? new RangeSet();
      const entry: FileEntry = {
        file,
        done: ranges,
        state: done ? 'complete' : 'queued',
        bytesDone: done ? file.size : ranges.size,
      };
      const etag = replayed?.etags.get(file.id);
      if (etag !== undefined) entry.etag = etag;
      const failed = done ? undefined : replayed?.failed.get(file.id);
      if (failed !== undefined) {
        entry.state = 'failed';
        entry.error = failed;
      }
      this.entries.set(file.id, entry);
    }
    this.written = 0;
    for (const e of this.entries.values()) this.written += Math.min(e.file.size, e.bytesDone);
  }

  pending(): FileEntry[] {
    return [...this.entries.values()].filter((e) => e.state !== 'complete');
  }

  /** Files that failed for reasons of their own. */
  failed(): FileEntry[] {
    return [...this.entries.values()].filter((e) => e.state === 'failed');
  }

  /** Running total for the rate meter: O(1) per write even with 100 000 files. */
  private written = 0;

  bytesWritten(): number {
    return this.written;
  }

  /** Counts bytes just written to a file. */
  wrote(entry: FileEntry, bytes: number): void {
    this.setBytes(entry, entry.bytesDone + bytes);
  }

  setBytes(entry: FileEntry, bytes: number): void {
    const before = Math.min(entry.file.size, entry.bytesDone);
    entry.bytesDone = bytes;
    this.written += Math.min(entry.file.size, bytes) - before;
  }

  totals(): Totals {
    const t: Totals = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: this.entries.size };
    for (const e of this.entries.values()) {
      t.bytesTotal += e.file.size;
      t.bytesDone += Math.min(e.file.size, e.bytesDone);
      if (e.state === 'complete') t.filesDone++;
    }
    return t;
  }

  files(): FileProgressSnapshot[] {
    return [...this.entries.values()].map((e) => ({
      path: e.file.finalPath,
      size: e.file.size,
      bytesDone: Math.min(e.file.size, e.bytesDone),
      state: e.state,
      ...(e.state === 'failed' && e.error ? { error: e.error } : {}),
    }));
  }

  noteMoved(entry: FileEntry, finalPath: string): void {
    if (finalPath === entry.file.finalPath) return;
    this.moved.set(entry.file.original, finalPath);
    entry.file = { ...entry.file, finalPath };
  }

  /** Every rename the user should know about: sanitised, clashing, or moved late. */
  renamed(): { from: string; to: string }[] {
    const all = new Map((this.plan?.renamed ?? []).map((r) => [r.from, r.to]));
    for (const [from, to] of this.moved) all.set(from, to);
    return [...all].map(([from, to]) => ({ from, to }));
  }

  /** Mirrors a record in memory before it is journaled. */
  apply(rec: DownloadRecord): void {
    const entry = 'f' in rec ? this.entries.get(rec.f) : undefined;
    if (!entry) return;
    if (rec.t === 'file-reset') {
      entry.done = new RangeSet();
      delete entry.etag;
    } else if (rec.t === 'file-done') {
      entry.state = 'complete';
      delete entry.error;
      this.setBytes(entry, entry.file.size);
    } else if (rec.t === 'file-failed') {
      entry.state = 'failed';
      entry.error = rec.err;
    }
  }

  /** The whole journal's knowledge in few records. */
  compactView(id: string, createdAt: number, request: DownloadRequest): DownloadRecord[] {
    const view: ReplayedDownload = {
      id,
      createdAt,
      request,
      ranges: new Map(),
      etags: new Map(),
      done: new Set(),
      failed: new Map(),
    };
    if (this.session) view.session = this.session;
    if (this.plan) view.plan = this.plan;
    for (const [fid, e] of this.entries) {
      view.ranges.set(fid, e.done);
      if (e.etag !== undefined) view.etags.set(fid, e.etag);
      if (e.state === 'complete') view.done.add(fid);
      if (e.state === 'failed' && e.error) view.failed.set(fid, e.error);
    }
    return compactRecords(view);
  }
}
