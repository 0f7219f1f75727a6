// The contract between the parts of the local MASV-compatible service (the "emulator"):
// the control plane (api/), the storage plane (storage/), fault injection and the
// programmatic entry used by every test. Nothing here imports the app.

/** A ready-made HTTP request handed to clients (masv-api.md §2). */
export interface Blueprint {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PartRef {
  partNumber: number;
  /** As the client sent it: quoted or not. */
  etag: string;
}

export interface StoredPart {
  partNumber: number;
  /** Quoted hex MD5, as S3 returns it. */
  etag: string;
  size: number;
}

export interface ObjectInfo {
  key: string;
  size: number;
  /** Quoted: single-part objects carry the MD5 of the bytes, multipart ones `"<md5-of-md5s>-N"`. */
  etag: string;
  lastModified: Date;
}

/** Thrown by the storage backend for a request that cannot be honoured; the API maps it to 400. */
export class StorageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** What the control plane needs from storage. Keys are bucket-relative object keys. */
export interface StorageBackend {
  readonly bucket: string;
  /** Blueprint for S3 CreateMultipartUpload: `POST <storage>/<bucket>/<key>?uploads&X-Amz-…`. */
  presignCreateMultipart(key: string): Blueprint;
  /** Blueprint for S3 UploadPart: `PUT …?partNumber=N&uploadId=U&X-Amz-…`. */
  presignUploadPart(key: string, uploadId: string, partNumber: number): Blueprint;
  /** Pre-signed GET URL for an object, with its expiry. */
  presignGetObject(key: string, opts?: { downloadName?: string }): { url: string; expiry: Date };
  /** True when the multipart upload exists and belongs to this key. */
  hasUpload(key: string, uploadId: string): Promise<boolean>;
  listParts(uploadId: string): Promise<StoredPart[]>;
  /**
   * Server-side completion at finalize-file. Validates every listed part exists with a
   * matching ETag (quotes ignored), ascending numbers, and each non-final part >= minPartSize.
   * Repeating an identical completion of a finished object succeeds.
   */
  completeMultipart(
    key: string,
    uploadId: string,
    parts: PartRef[],
    opts: { minPartSize: number },
  ): Promise<ObjectInfo>;
  abortMultipart(uploadId: string): Promise<void>;
  /** Writes a whole object from a stream (used for the virtual zip entries). */
  putObject(key: string, body: NodeJS.ReadableStream | Buffer): Promise<ObjectInfo>;
  headObject(key: string): Promise<ObjectInfo | undefined>;
  /** A readable over an object's bytes (for building zips). */
  readObject(key: string): Promise<NodeJS.ReadableStream>;
  deleteObject(key: string): Promise<void>;
  /** Deletes every object and unfinished upload whose key starts with prefix. */
  deletePrefix(prefix: string): Promise<void>;
}

export type Plane = 'api' | 'storage';

/**
 * A fault rule fires on a request whose plane and route match, either with probability `rate`
 * (drawn from the seeded generator so runs repeat) or, with `every: n`, on every n-th matching
 * request (the same requests by count whatever order concurrent requests arrive in); at most
 * `count` times when given. A rule names exactly one of `rate` and `every`.
 * Route names: `storage:<S3 operation>` (createMultipart, uploadPart, completeMultipart,
 * putObject, getObject, headObject, listObjects, deleteObject, abortMultipart) and
 * `api:<operation>` (listed in test/emulator/README.md). `*` matches every route of the plane;
 * a trailing `*` is a prefix match.
 */
export interface FaultRule {
  route: string;
  rate?: number;
  every?: number;
  count?: number;
  action: FaultAction;
}

export type FaultAction =
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  /** 429 (API) or 503 SlowDown (storage) with a Retry-After header in seconds. */
  | { kind: 'throttle'; retryAfterSeconds: number }
  /** Destroy the socket after this many body bytes have been read (uploads) or written (downloads). */
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'latency'; ms: number }
  /** Storage only: answer 403 "Request has expired" as if the URL's lifetime had passed. */
  | { kind: 'expire' }
  /** Storage only: ignore the Range header and answer 200 with the whole object. */
  | { kind: 'ignoreRange' };

export interface FaultConfig {
  seed: number;
  rules: FaultRule[];
  /** Per-connection response/request bandwidth cap in bytes per second (0 = none). */
  bandwidthBytesPerSecond: number;
  /** Lifetime of newly issued pre-signed URLs, in seconds (default 3600). */
  urlLifetimeSeconds: number;
}

export interface FaultDecision {
  rule: FaultRule;
  action: FaultAction;
}

export interface FaultController {
  config(): FaultConfig;
  /** Merges the given fields; `rules` replaces the rule list. Reseeds when `seed` is given. */
  update(patch: Partial<FaultConfig>): void;
  addRule(rule: FaultRule): void;
  clear(): void;
  /** Decides, for one request, which rules fire (at most one of each action kind). */
  decide(plane: Plane, route: string): FaultDecision[];
}

/** One line of the request log that tests read (bounded ring; newest last). */
export interface RequestLogEntry {
  plane: Plane;
  route: string;
  method: string;
  status: number;
  /** Body bytes received (uploads) or sent (downloads). */
  bytes: number;
  /** Storage: the object key the request named. */
  key?: string;
  /** Storage uploads: the body length the request declared (Content-Length). */
  length?: number;
  /** For storage:uploadPart. */
  uploadId?: string;
  partNumber?: number;
  /** For storage:getObject: the Range header as received. */
  range?: string;
  fault?: FaultAction['kind'];
  /** When the request arrived (storage); `at` is when it was logged, at its end. */
  startedAt?: number;
  at: number;
}

export interface RequestLog {
  push(entry: RequestLogEntry): void;
  entries(): readonly RequestLogEntry[];
  clear(): void;
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface DemoAccount {
  teamId: string;
  teamName: string;
  email: string;
  password: string;
  apiKey: string;
  portalSubdomain: string;
  /** The demo portal is created without an access code; a second one needs one. */
  lockedPortalSubdomain: string;
  lockedPortalAccessCode: string;
  packageId: string;
  linkId: string;
  linkSecret: string;
  /** Full link URL, e.g. http://127.0.0.1:8480/01J…?secret=… */
  linkUrl: string;
}

export interface EmulatorOptions {
  /** Data folder; default a fresh folder under the OS temp dir. State survives restarts on it. */
  dataDir?: string;
  /** 0 = chosen by the OS (what tests use). */
  apiPort?: number;
  storagePort?: number;
  /** Serve both planes over HTTPS with a certificate from a CA generated in the data folder. */
  tls?: boolean;
  storageMode?: 'disk' | 'discard' | 'sink';
  tokenLifetimeSeconds?: number;
  faults?: Partial<FaultConfig>;
  /** Extra S3 credentials accepted for SigV4 header auth (one is always generated). */
  s3Credentials?: S3Credentials[];
  /** Skip seeding the demo account and package (default: seed on a new data folder). */
  seed?: boolean;
  /**
   * Whether add-file accepts `kind:"directory"` entries (masv-api.md #23, UNCONFIRMED for real
   * MASV). Default true; false answers 400, as a stricter server might, to test clients' fallback.
   */
  acceptDirectoryEntries?: boolean;
  log?: (line: string) => void;
}

export interface Emulator {
  apiUrl: string;
  storageUrl: string;
  /** Where link pages are served: `${linkBaseUrl}/${linkId}?secret=…` (the API host). */
  linkBaseUrl: string;
  dataDir: string;
  /** PEM of the CA that signed the TLS certificate (only with tls). */
  caCertPem?: string;
  caCertPath?: string;
  s3: S3Credentials & { bucket: string };
  demo: DemoAccount;
  faults: FaultController;
  requestLog: RequestLog;
  close(): Promise<void>;
}
