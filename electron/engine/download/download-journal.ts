// What a download writes to its journal (the shared append-only journal in ../journal.ts) and
// how a resume replays it. A range record is appended only after its bytes are written and
// fdatasync'ed, so after kill -9 the replayed ranges are on disk and only in-flight bytes are
// fetched again.
import type { DownloadInput, TransferError } from '../../../shared/transfers';
import type { JournalHeader } from '../transfer-job';
import { RangeSet } from './range-set';

/** The download's input as journaled: never the password (the session token stands in). */
export type DownloadRequest = Omit<DownloadInput, 'password'>;

export interface JournalFile {
  id: string;
  /** Server path/name, for reports. */
  original: string;
  size: number;
  finalPath: string;
  partPath: string;
  overwrite: boolean;
}

export type DownloadRecord =
  | JournalHeader
  | { t: 'request'; request: DownloadRequest }
  /** The link's package session; the token lets a resume skip re-opening (and a password). */
  | {
      t: 'session';
      apiUrl: string;
      packageId: string;
      packageToken: string;
      name: string;
      linkHost: string;
    }
  | {
      t: 'plan';
      destination: string;
      files: JournalFile[];
      /** Empty folders to recreate (safe relative paths); absent when there are none. */
      dirs?: string[];
      renamed: { from: string; to: string }[];
      skipped: string[];
    }
  | { t: 'range'; f: string; s: number; e: number }
  | { t: 'etag'; f: string; etag: string }
  | { t: 'file-reset'; f: string }
  | { t: 'file-done'; f: string }
  /** This file failed for a reason of its own (file-failure.ts); a retry fetches it again. */
  | { t: 'file-failed'; f: string; err: { code: string; message: string } }
  /** `err` goes with `failed`, so a restart still knows why (and whether retrying can help). */
  | { t: 'state'; state: 'paused' | 'cancelled' | 'complete' | 'failed'; err?: TransferError };

export interface ReplayedDownload {
  id?: string;
  createdAt?: number;
  request?: DownloadRequest;
  session?: Extract<DownloadRecord, { t: 'session' }>;
  plan?: Extract<DownloadRecord, { t: 'plan' }>;
  ranges: Map<string, RangeSet>;
  etags: Map<string, string>;
  done: Set<string>;
  failed: Map<string, { code: string; message: string }>;
  lastState?: Extract<DownloadRecord, { t: 'state' }>['state'];
  lastError?: TransferError;
}

export function replayDownload(records: readonly DownloadRecord[]): ReplayedDownload {
  const out: ReplayedDownload = {
    ranges: new Map(),
    etags: new Map(),
    done: new Set(),
    failed: new Map(),
  };
  const rangesOf = (f: string): RangeSet => {
    let set = out.ranges.get(f);
    if (!set) {
      set = new RangeSet();
      out.ranges.set(f, set);
    }
    return set;
  };
  for (const r of records) {
    switch (r.t) {
      case 'header':
        out.id = r.id;
        out.createdAt = r.createdAt;
        break;
      case 'request':
        out.request = r.request;
        break;
      case 'session':
        out.session = r;
        break;
      case 'plan':
        out.plan = r;
        break;
      case 'range':
        rangesOf(r.f).add(r.s, r.e);
        break;
      case 'etag':
        out.etags.set(r.f, r.etag);
        break;
      case 'file-reset':
        out.ranges.delete(r.f);
        out.etags.delete(r.f);
        out.done.delete(r.f);
        break;
      case 'file-done':
        out.done.add(r.f);
        out.failed.delete(r.f);
        break;
      case 'file-failed':
        out.failed.set(r.f, r.err);
        break;
      case 'state':
        out.lastState = r.state;
        if (r.err === undefined) delete out.lastError;
        else out.lastError = r.err;
        break;
      default: {
        const never: never = r;
        void never;
      }
    }
  }
  return out;
}

/** The same knowledge in few records: used when the journal grows (compaction). */
export function compactRecords(state: ReplayedDownload): DownloadRecord[] {
  const out: DownloadRecord[] = [];
  if (state.id !== undefined && state.createdAt !== undefined) {
    out.push({ t: 'header', kind: 'download', v: 1, id: state.id, createdAt: state.createdAt });
  }
  if (state.request) out.push({ t: 'request', request: state.request });
  if (state.session) out.push(state.session);
  if (state.plan) out.push(state.plan);
  for (const [f, etag] of state.etags) out.push({ t: 'etag', f, etag });
  for (const [f, set] of state.ranges)
    for (const r of set.list()) out.push({ t: 'range', f, s: r.start, e: r.end });
  for (const f of state.done) out.push({ t: 'file-done', f });
  for (const [f, err] of state.failed) out.push({ t: 'file-failed', f, err });
  if (state.lastState)
    out.push({
      t: 'state',
      state: state.lastState,
      ...(state.lastError === undefined ? {} : { err: state.lastError }),
    });
  return out;
}
