// An upload's durable state and its journal records. The in-memory model is rebuilt from the
// journal by replay(); compactRecords() writes the same state back in the fewest records.
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
  chunkSize: number;
  partCount: number;
  fileId?: string;
  uploadId?: string;
  /** part number -> ETag as storage returned it. */
  etags: Map<number, string>;
  done: boolean;
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
    }
  | { t: 'package'; id: string; token: string }
  | { t: 'file'; i: number; fileId: string }
  | { t: 'dir'; i: number; fileId: string }
  | { t: 'mp'; i: number; uploadId: string }
  | { t: 'part'; i: number; n: number; e: string }
  | { t: 'fdone'; i: number }
  | { t: 'pkgdone' }
  /** The user asked to finalize a package that was left open. */
  | { t: 'finalize' }
  | { t: 'state'; s: TransferState; err?: TransferError };

export function filePath(f: Pick<UploadFile, 'dir' | 'name'>): string {
  return f.dir ? `${f.dir}/${f.name}` : f.name;
}

/** Bytes in a 1-based part of this file. */
export function partLength(f: Pick<UploadFile, 'chunkSize' | 'size'>, partNumber: number): number {
  return Math.max(0, Math.min(f.chunkSize, f.size - (partNumber - 1) * f.chunkSize));
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
    etags: new Map(),
    done: false,
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
      return;
    case 'package':
      model.packageId = r.id;
      model.token = r.token;
      return;
    case 'file': {
      const f = file(r.i);
      if (f) {
        f.fileId = r.fileId;
        delete f.uploadId;
        f.etags.clear();
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
    case 'part':
      file(r.i)?.etags.set(r.n, r.e);
      return;
    case 'fdone': {
      const f = file(r.i);
      if (f) {
        f.done = true;
        f.state = 'complete';
      }
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

export function replay(records: unknown[]): UploadModel {
  const header = records[0] as UploadHeader;
  const model = newModel(header);
  for (const r of records.slice(1)) {
    if (typeof r === 'object' && r !== null && typeof (r as { t?: unknown }).t === 'string')
      apply(model, r as UploadRecord);
  }
  return model;
}

/** The smallest record list that replays to the same model. */
export function compactRecords(model: UploadModel): UploadRecord[] {
  const out: UploadRecord[] = [
    {
      t: 'header',
      kind: 'upload',
      v: 1,
      id: model.id,
      createdAt: model.createdAt,
      input: model.input,
      secretsOmitted: model.secretsOmitted,
    },
  ];
  if (model.files) {
    out.push({
      t: 'plan',
      files: model.files.map((f) => ({
        p: f.absPath,
        d: f.dir,
        n: f.name,
        s: f.size,
        m: f.mtimeMs,
        c: f.chunkSize,
        k: f.partCount,
      })),
      ...(model.dirs.length > 0
        ? { dirs: model.dirs.map((d) => ({ d: d.dir, n: d.name, m: d.mtimeMs })) }
        : {}),
      skipped: model.skipped,
      renamed: model.renamed,
    });
  }
  for (const d of model.dirs) if (d.fileId) out.push({ t: 'dir', i: d.i, fileId: d.fileId });
  if (model.packageId && model.token)
    out.push({ t: 'package', id: model.packageId, token: model.token });
  for (const f of model.files ?? []) {
    if (f.fileId) out.push({ t: 'file', i: f.i, fileId: f.fileId });
    if (f.done) {
      out.push({ t: 'fdone', i: f.i });
      continue;
    }
    if (f.uploadId) out.push({ t: 'mp', i: f.i, uploadId: f.uploadId });
    for (const [n, e] of [...f.etags].sort((a, b) => a[0] - b[0]))
      out.push({ t: 'part', i: f.i, n, e });
  }
  if (model.finalized) out.push({ t: 'pkgdone' });
  if (model.lastState)
    out.push({
      t: 'state',
      s: model.lastState,
      ...(model.lastError ? { err: model.lastError } : {}),
    });
  return out;
}
