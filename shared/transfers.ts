// Transfer contracts shared by the engine (main process / CLI) and the renderer.
// Pure: zod schemas and the types derived from them, no Node built-ins.
import { z } from 'zod';

export const TransferKind = z.enum(['upload', 'download']);
export type TransferKind = z.infer<typeof TransferKind>;

/**
 * `idle` = an upload whose bytes are all sent but which was left open (not finalized),
 * as MASV Agent names it. `finalizing` covers finalize-file/finalize-package calls
 * (uploads) and the final rename/verify step (downloads).
 */
export const TransferState = z.enum([
  'queued',
  'preparing',
  'transferring',
  'paused',
  'finalizing',
  'idle',
  'complete',
  'failed',
  'cancelled',
]);
export type TransferState = z.infer<typeof TransferState>;

/** States a transfer never leaves on its own. */
export const TERMINAL_STATES: readonly TransferState[] = [
  'complete',
  'failed',
  'cancelled',
  'idle',
];

export function isTerminalState(state: TransferState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** `message` is in user words and never carries secrets; `code` is stable for programs. */
export const TransferError = z.object({
  code: z.string(),
  message: z.string(),
  /**
   * true = retrying cannot help (the link or package is gone, the secret or password is wrong):
   * the transfer stays `failed` and is not retried by "resume all".
   */
  permanent: z.boolean().optional(),
});
export type TransferError = z.infer<typeof TransferError>;

export const FileState = z.enum(['queued', 'transferring', 'complete', 'failed', 'skipped']);
export type FileState = z.infer<typeof FileState>;

export const FileProgressSnapshot = z.object({
  /** Package-relative path with `/` separators, including the file name. */
  path: z.string(),
  size: z.number().int().nonnegative(),
  bytesDone: z.number().int().nonnegative(),
  state: FileState,
  /** Smoothed rate while the file is moving; absent otherwise. */
  rateBytesPerSecond: z.number().nonnegative().optional(),
  etaSeconds: z.number().nonnegative().nullable().optional(),
  /**
   * Why this file failed (state `failed`): a reason of its own (`integrity`, `not-found`, an
   * unholdable name, `source-changed`, `source-unreadable` …) while the others went on.
   */
  error: TransferError.optional(),
});
export type FileProgressSnapshot = z.infer<typeof FileProgressSnapshot>;

export const RenamedEntry = z.object({ from: z.string(), to: z.string() });
export type RenamedEntry = z.infer<typeof RenamedEntry>;

export const TransferSnapshot = z.object({
  id: z.string(),
  kind: TransferKind,
  state: TransferState,
  name: z.string(),
  /** Epoch milliseconds. */
  createdAt: z.number(),
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  rateBytesPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** Increases with every event of this transfer so the renderer can drop stale pushes. */
  seq: z.number().int().nonnegative(),
  packageId: z.string().optional(),
  linkUrl: z.string().optional(),
  destination: z.string().optional(),
  /**
   * `complete` or `paused`/`failed` with a reason. A download that ended with some files failed
   * is `complete` with error code `partial` ("complete with N failed files"); an upload with
   * failed files is `failed` with code `partial` (not finalized without them).
   */
  error: TransferError.optional(),
  /** Files that failed for reasons of their own (listed in files() with their errors); > 0. */
  failedFiles: z.number().int().positive().optional(),
  /** Inputs left out on purpose (OS junk, symlinks leaving the chosen folder, unreadable). */
  skipped: z.array(z.string()).optional(),
  renamed: z.array(RenamedEntry).optional(),
});
export type TransferSnapshot = z.infer<typeof TransferSnapshot>;

/** Failed, or complete with some files failed (a retry fetches only those). */
export function canRetry(s: { state: TransferState; failedFiles?: number }): boolean {
  return s.state === 'failed' || (s.state === 'complete' && (s.failedFiles ?? 0) > 0);
}

export const TransferEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), snapshot: TransferSnapshot }),
  z.object({ type: z.literal('progress'), snapshot: TransferSnapshot }),
]);
export type TransferEvent = z.infer<typeof TransferEvent>;

/** Where an upload goes: a team package (sent by the API key's user) or someone's portal. */
export const UploadTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('team'),
    teamId: z.string().min(1),
    recipients: z.array(z.string()).default([]),
    password: z.string().optional(),
    accessLimit: z.number().int().positive().optional(),
  }),
  z.object({
    kind: z.literal('portal'),
    subdomain: z.string().min(1),
    senderEmail: z.string().min(1),
    accessCode: z.string().optional(),
  }),
]);
export type UploadTarget = z.infer<typeof UploadTarget>;

/**
 * What a user asks for when uploading. `paths` are absolute local files or folders; a folder
 * becomes a package folder of the same name holding its tree.
 */
export const UploadInput = z.object({
  paths: z.array(z.string().min(1)).min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  target: UploadTarget,
  /** Bytes per part; the plan may raise it for very large files (max part count). */
  chunkSize: z.number().int().positive().optional(),
  /** false = send every byte but leave the package open (state `idle`). Default true. */
  finalize: z.boolean().default(true),
  /** Compare each part's ETag with the MD5 computed while reading it. */
  verifyEtags: z.boolean().default(false),
});
export type UploadInput = z.input<typeof UploadInput>;
export type UploadInputParsed = z.output<typeof UploadInput>;

/** What happens when a downloaded name already exists in the destination. */
export const DownloadConflictPolicy = z.enum(['rename', 'skip', 'overwrite']);
export type DownloadConflictPolicy = z.infer<typeof DownloadConflictPolicy>;

/** Ranged GETs smaller than this cost more in requests than they gain in parallelism. */
export const MIN_DOWNLOAD_PART_SIZE = 1024 * 1024;
export const DEFAULT_DOWNLOAD_PART_SIZE = 32 * 1024 * 1024;

/** What a user asks for when downloading a link. */
export const DownloadInput = z.object({
  linkUrl: z.string().min(1),
  destination: z.string().min(1),
  password: z.string().optional(),
  /** Only these file ids; all `kind:"file"` entries when absent. */
  fileIds: z.array(z.string()).optional(),
  /** picomatch globs on the server's relative path ("path/name"); all files when absent. */
  globs: z.array(z.string().min(1)).optional(),
  /** Also fetch the whole-package zip entries (skipped by default). */
  includeZips: z.boolean().default(false),
  /** What to do when a name exists in the destination. */
  policy: DownloadConflictPolicy.default('rename'),
  /**
   * Create the destination (and missing parents) once the link has opened; otherwise it must
   * already exist. Either way nothing is created for a link that does not open.
   */
  createDestination: z.boolean().default(false),
  /** Bytes per ranged GET (default 32 MiB). */
  partSize: z
    .number()
    .int()
    .min(MIN_DOWNLOAD_PART_SIZE)
    .max(1024 * 1024 * 1024)
    .optional(),
});
export type DownloadInput = z.input<typeof DownloadInput>;
export type DownloadInputParsed = z.output<typeof DownloadInput>;
