// Typed errors of the MASV client and the transfer engine. `message` is what a user reads;
// `detail` keeps the HTTP specifics (already redacted) for logs and bug reports.

export type MasvErrorCode =
  | 'auth-rejected'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'bad-request'
  | 'rate-limited'
  | 'server-error'
  | 'network'
  | 'timeout'
  | 'stalled'
  | 'url-expired'
  | 'password-required'
  | 'password-invalid'
  | 'link-unavailable'
  | 'access-code-required'
  | 'access-code-invalid'
  | 'portal-not-found'
  | 'portal-inactive'
  | 'aborted'
  | 'source-changed'
  | 'source-unreadable'
  | 'disk-full'
  | 'io'
  | 'integrity'
  | 'invalid-response'
  | 'invalid-input'
  | 'in-use';

export interface MasvErrorInit {
  status?: number;
  detail?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  /** Retrying the transfer cannot help: the link or package is gone, the secret is wrong. */
  permanent?: boolean;
  cause?: unknown;
}

/** Codes that are worth another attempt without any change. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<MasvErrorCode> = new Set<MasvErrorCode>([
  'rate-limited',
  'server-error',
  'network',
  'timeout',
  'stalled',
  'url-expired',
]);

export class MasvError extends Error {
  readonly code: MasvErrorCode;
  readonly status?: number;
  readonly detail?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly permanent: boolean;

  constructor(code: MasvErrorCode, message: string, init: MasvErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'MasvError';
    this.code = code;
    if (init.status !== undefined) this.status = init.status;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.permanent = init.permanent ?? false;
    // A permanent failure is never worth another attempt, whatever the code's default says.
    this.retryable = !this.permanent && (init.retryable ?? RETRYABLE_BY_DEFAULT.has(code));
  }

  /** Safe for the UI and for journals: no detail, no cause. */
  toTransferError(): { code: string; message: string; permanent?: true } {
    return {
      code: this.code,
      message: this.message,
      ...(this.permanent ? { permanent: true as const } : {}),
    };
  }
}

export function isMasvError(e: unknown): e is MasvError {
  return e instanceof MasvError;
}

export function isAbortError(e: unknown): boolean {
  if (e instanceof MasvError) return e.code === 'aborted';
  if (typeof e !== 'object' || e === null) return false;
  const name = (e as { name?: unknown }).name;
  const code = (e as { code?: unknown }).code;
  return name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED';
}

export function abortedError(): MasvError {
  return new MasvError('aborted', 'the transfer was stopped', { retryable: false });
}

/** Default user words per code, used when the server gives nothing better. */
export const DEFAULT_MESSAGES: Record<MasvErrorCode, string> = {
  'auth-rejected': 'the API key was rejected',
  forbidden: 'MASV refused this action for these credentials',
  'not-found': 'MASV could not find that item (it may have been deleted or expired)',
  conflict: 'the package is already finalized and cannot be changed',
  'bad-request': 'MASV rejected the request',
  'rate-limited': 'MASV is asking us to slow down',
  'server-error': 'MASV had a temporary problem',
  network: 'could not reach MASV (network problem)',
  timeout: 'MASV did not answer in time',
  stalled: 'the connection stalled (no data moved for too long)',
  'url-expired': 'the upload or download address expired',
  'password-required': 'this link needs a password',
  'password-invalid': 'the password is wrong',
  'link-unavailable': 'this link is no longer available (disabled, expired or out of downloads)',
  'access-code-required': 'the portal needs an access code',
  'access-code-invalid': 'the portal access code is wrong',
  'portal-not-found': 'there is no portal with that name',
  'portal-inactive': 'the portal is not accepting uploads',
  aborted: 'the transfer was stopped',
  'source-changed': 'a source file changed while it was being uploaded',
  'source-unreadable': 'a source file could not be read',
  'disk-full': 'the disk is full',
  io: 'a local file operation failed',
  integrity: 'the data stored does not match what was read (checksum mismatch)',
  'invalid-response': 'MASV sent an answer this app does not understand',
  'invalid-input': 'the request is not valid',
  'in-use': 'this transfer is open in another MASV process',
};

export function masvError(
  code: MasvErrorCode,
  init: MasvErrorInit & { message?: string } = {},
): MasvError {
  return new MasvError(code, init.message ?? DEFAULT_MESSAGES[code], init);
}

/** Which way the bytes were going when the file system said no: the user's fix differs. */
export type FsDirection = 'read' | 'write';

/**
 * Maps a local file-system error (ENOSPC, EACCES …) to an engine error in user words. Reads are
 * of sources (an upload's files, a journal); writes are of destinations (downloads, journals),
 * and none of those is retryable without the user fixing something.
 */
export function fromFsError(e: unknown, what: string, direction: FsDirection): MasvError {
  if (e instanceof MasvError) return e;
  const raw = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const code = typeof raw === 'string' ? raw : '';
  const base = { detail: e instanceof Error ? e.message : String(e), cause: e, retryable: false };
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return masvError('disk-full', {
      ...base,
      message: `the disk is full while writing to ${what}; free some space and resume (what was transferred is kept)`,
    });
  }
  return direction === 'read' ? readError(code, what, base) : writeError(code, what, base);
}

type FsErrorBase = { detail: string; cause: unknown; retryable: boolean };

function readError(code: string, what: string, base: FsErrorBase): MasvError {
  switch (code) {
    case 'ENOENT':
    case 'EACCES':
    case 'EPERM':
    case 'EISDIR':
      return masvError('source-unreadable', { ...base, message: `could not read ${what}` });
    default:
      return masvError('io', { ...base, message: `a file operation failed on ${what}` });
  }
}

function writeError(code: string, what: string, base: FsErrorBase): MasvError {
  switch (code) {
    case 'ENOENT':
      return masvError('io', {
        ...base,
        message: `the folder ${what} no longer exists; recreate or reconnect it and resume`,
      });
    case 'EACCES':
    case 'EPERM':
      return masvError('io', {
        ...base,
        message: `permission denied writing to ${what}; fix the folder permissions and resume`,
      });
    case 'EROFS':
      return masvError('io', {
        ...base,
        message: `${what} is on a read-only file system; remount it read-write (or choose another folder) and resume`,
      });
    case 'ENOTDIR':
      return masvError('io', {
        ...base,
        message: `cannot write to ${what}: part of that path is a file, not a folder`,
      });
    case 'ELOOP':
      return masvError('io', {
        ...base,
        message: `refused to write ${what}: a symbolic link was found where a file or folder was expected`,
      });
    default:
      return masvError('io', { ...base, message: `could not write to ${what}` });
  }
}
