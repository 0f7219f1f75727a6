// An upload's durable state and its journal records. The in-memory model is rebuilt from the
// journal by replay() (upload-replay.ts), which also writes it back compactly.
import type {
  FileState,
  TransferError,
  TransferState,
  UploadInputParsed,
} from '../../../shared/transfers';
import type { JournalHeader } from '../transfer-job';

/** The input as stored on disk: the package password and portal access code are left out. */
export type StoredUploadInput = UploadInputParsed;

export interface UploadFile {
  i: number;
  absPath: string;
  dir: string;
  name: string;
  size: number;
  mtimeMs: number;
  /** The largest part (planChunks); parts are cut smaller on slow lines (part-layout.ts). */
  chunkSize: number;
  /** Parts at chunkSize: how journals before variable parts laid a file out. */
  partCount: number;
  fileId?: string;
  uploadId?: string;
  /** Acknowledged parts: number -> range and ETag as storage returned it. */
  acked: Map<number, AckedPart>;
  /** Sum of acknowledged part lengths. */
  ackedBytes: number;
  done: boolean;
  /** Why the file failed on its own (state 'failed'); the rest of the package went on. */
  error?: TransferError;
  /** Left out of the package at the user's request (finalize without the failed files). */
  dropped: boolean;
  /** Runtime only. */
  state: FileState;
  inflight: number;
}

/**
 * Recorded as a directory's file id when the server refused `kind:"directory"` entries (real
 * MASV may; masv-api.md #23 is UNCONFIRMED): the folder is reported as skipped, not retried.
 */
export const DIR_REFUSED = '-';

/** An empty folder of the chosen tree, sent as a `kind:"directory"` entry (no bytes). */
export interface UploadDir {
  i: number;
  dir: string;
  name: string;
  mtimeMs: number;
  /** Set once MASV acknowledged the entry: a resume does not add it again. */
  fileId?: string;
}

export interface AckedPart {
  start: number;
  length: number;
  etag: string;
}

/** Server limits the plan was made with (journals before variable parts: the defaults). */
export interface PlanLimits {
  min: number;
  max: number;
  count: number;
}

export interface UploadModel {
  id: string;
  createdAt: number;
  input: StoredUploadInput;
  /** True when a password/access code was given but not stored. */
  secretsOmitted: boolean;
  files: UploadFile[] | null;
  dirs: UploadDir[];
  skipped: string[];
  renamed: { from: string; to: string }[];
  packageId?: string;
  token?: string;
  limits?: PlanLimits;
  /** Measured bytes per second of one upload stream (stream-rate.ts), kept across runs. */
  streamRate?: number;
  finalized: boolean;
  lastState?: TransferState;
  lastError?: TransferError;
}

export type UploadHeader = JournalHeader & {
  kind: 'upload';
  input: StoredUploadInput;
  secretsOmitted: boolean;
};

export interface PlannedFileRecord {
  p: string;
  d: string;
  n: string;
  s: number;
  m: number;
  c: number;
  k: number;
}

export interface PlannedDirRecord {
  d: string;
  n: string;
  m: number;
}

export type UploadRecord =
  | UploadHeader
  | {
      t: 'plan';
      files: PlannedFileRecord[];
      /** Absent in journals written before empty folders were sent. */
      dirs?: PlannedDirRecord[];
      skipped: string[];
      renamed: { from: string; to: string }[];
      /** Absent in journals written before variable part sizes. */
      lim?: PlanLimits;
    }
  /**
   * Files (and empty folders) added to a package that was left open: appended to the plan, in
   * order, numbered after the files already there. One record, so a kill adds all or none.
   */
  | {
      t: 'more';
      files: PlannedFileRecord[];
      dirs?: PlannedDirRecord[];
      skipped: string[];
      renamed: { from: string; to: string }[];
    }
  | { t: 'package'; id: string; token: string }
  | { t: 'file'; i: number; fileId: string }
  | { t: 'dir'; i: number; fileId: string }
  | { t: 'mp'; i: number; uploadId: string }
  /** `s`/`l`: the part's start and length (absent before variable parts: chunk-sized). */
  | { t: 'part'; i: number; n: number; e: string; s?: number; l?: number }
  | { t: 'rate'; bps: number }
  | { t: 'fdone'; i: number }
  /** The file failed for a reason of its own (file-failure.ts). */
  | { t: 'ffail'; i: number; err: TransferError }
  /** A changed file is sent again as it is now: new size and mtime, a new entry, new parts. */
  | { t: 'replan'; i: number; s: number; m: number; c: number; k: number }
  /** The user left the failed file out of the package. */
  | { t: 'drop'; i: number }
  | { t: 'pkgdone' }
  /** The user asked to finalize a package that was left open. */
  | { t: 'finalize' }
  | { t: 'state'; s: TransferState; err?: TransferError };

export function filePath(f: Pick<UploadFile, 'dir' | 'name'>): string {
  return f.dir ? `${f.dir}/${f.name}` : f.name;
}

/** Range of a part recorded without one (journals before variable parts: chunk-sized). */
function uniformRange(f: Pick<UploadFile, 'chunkSize' | 'size'>, n: number): [number, number] {
  const start = (n - 1) * f.chunkSize;
  return [start, Math.max(0, Math.min(f.chunkSize, f.size - start))];
}

export function newModel(header: UploadHeader): UploadModel {
  return {
    id: header.id,
    createdAt: header.createdAt,
    input: header.input,
    secretsOmitted: header.secretsOmitted,
    files: null,
    dirs: [],
    skipped: [],
    renamed: [],
    finalized: false,
  };
}

export function fileFromPlan(r: PlannedFileRecord, i: number): UploadFile {
  return {
    i,
    absPath: r.p,
    dir: r.d,
    name: r.n,
    size: r.s,
    mtimeMs: r.m,
    chunkSize: r.c,
    partCount: r.k,
    acked: new Map(),
    ackedBytes: 0,
    done: false,
    dropped: false,
    state: 'queued',
    inflight: 0,
  };
}

/** Applies one record to the model (used both live and for replay). Unknown records are ignored. */
export function apply(model: UploadModel, r: UploadRecord): void {
  const file = (i: number): UploadFile | undefined => model.files?.[i];
  switch (r.t) {
    case 'header':
      return;
    case 'plan':
      model.files = r.files.map(fileFromPlan);
      model.dirs = (r.dirs ?? []).map((d, i) => ({ i, dir: d.d, name: d.n, mtimeMs: d.m }));
      model.skipped = r.skipped;
      model.renamed = r.renamed;
      if (r.lim) model.limits = r.lim;
      return;
    case 'more': {
      if (!model.files) return;
      const files = model.files;
      for (const f of r.files) files.push(fileFromPlan(f, files.length));
      for (const d of r.dirs ?? [])
        model.dirs.push({ i: model.dirs.length, dir: d.d, name: d.n, mtimeMs: d.m });
      model.skipped = [...model.skipped, ...r.skipped];
      model.renamed = [...model.renamed, ...r.renamed];
      return;
    }
    case 'package':
      model.packageId = r.id;
      model.token = r.token;
      return;
    case 'file': {
      const f = file(r.i);
      if (f) {
        f.fileId = r.fileId;
        delete f.uploadId;
        f.acked.clear();
        f.ackedBytes = 0;
      }
      return;
    }
    case 'dir': {
      const d = model.dirs[r.i];
      if (!d) return;
      d.fileId = r.fileId;
      if (r.fileId === DIR_REFUSED)
        model.skipped.push(
          `${d.dir ? `${d.dir}/` : ''}${d.name}: empty folder (the server does not accept folder entries)`,
        );
      return;
    }
    case 'mp': {
      const f = file(r.i);
      if (f) f.uploadId = r.uploadId;
      return;
    }
    case 'part': {
      const f = file(r.i);
      if (!f) return;
      const [start, length] =
        r.s !== undefined && r.l !== undefined ? [r.s, r.l] : uniformRange(f, r.n);
      f.ackedBytes += length - (f.acked.get(r.n)?.length ?? 0);
      f.acked.set(r.n, { start, length, etag: r.e });
      return;
    }
    case 'rate':
      model.streamRate = r.bps;
      return;
    case 'fdone': {
      const f = file(r.i);
      if (f) {
        f.done = true;
        f.state = 'complete';
        delete f.error;
      }
      return;
    }
    case 'ffail': {
      const f = file(r.i);
      if (f && !f.done) {
        f.state = 'failed';
        f.error = r.err;
      }
      return;
    }
    case 'replan': {
      const f = file(r.i);
      if (!f) return;
      Object.assign(f, { size: r.s, mtimeMs: r.m, chunkSize: r.c, partCount: r.k });
      // Its old entry (old size) is cleared as a stray before finalize; a new one is added.
      delete f.fileId;
      delete f.uploadId;
      delete f.error;
      f.acked.clear();
      f.ackedBytes = 0;
      f.done = false;
      f.state = 'queued';
      return;
    }
    case 'drop': {
      const f = file(r.i);
      if (f && !f.done) f.dropped = true;
      return;
    }
    case 'pkgdone':
      model.finalized = true;
      return;
    case 'finalize':
      model.input = { ...model.input, finalize: true };
      return;
    case 'state':
      model.lastState = r.s;
      if (r.err) model.lastError = r.err;
      else delete model.lastError;
      return;
  }
}
