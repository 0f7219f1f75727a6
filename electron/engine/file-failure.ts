// One bad file does not sink a package: a failure that belongs to one file (its bytes, its
// name, its own entry on the server) marks that file failed with its reason while the others
// go on; anything about the line, the server, the account or the disk still stops the whole
// transfer, since every other file would hit it too.
import { isMasvError } from '../masv/errors';
import type { MasvErrorCode } from '../masv/errors';
import type { TransferError } from '../../shared/transfers';

/**
 * Errno codes of one path the local system cannot hold or refuses on its own (over-long or
 * badly encoded names, a planted symlink), as opposed to the folder or the disk as a whole.
 */
const NAME_ERRNOS = new Set(['ENAMETOOLONG', 'EILSEQ', 'EINVAL', 'ELOOP']);

function errnoOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && typeof cur === 'object' && cur !== null; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const DOWNLOAD_FILE_CODES: ReadonlySet<MasvErrorCode> = new Set<MasvErrorCode>([
  'integrity',
  'not-found',
]);
const UPLOAD_FILE_CODES: ReadonlySet<MasvErrorCode> = new Set<MasvErrorCode>([
  'source-changed',
  'source-unreadable',
  'io',
  'integrity',
  'bad-request',
]);

/** A download failure of this file alone: size or checksum mismatch, 404, an unholdable name. */
export function isDownloadFileFailure(e: unknown): boolean {
  if (!isMasvError(e)) return false;
  if (DOWNLOAD_FILE_CODES.has(e.code)) return true;
  if (e.code !== 'io') return false;
  const errno = errnoOf(e.cause);
  // fs-guard refuses unsafe paths (retryable false, no errno) for that one file.
  return errno === undefined ? !e.retryable : NAME_ERRNOS.has(errno);
}

/** An upload failure of this file alone: it changed, vanished, cannot be read, or was refused. */
export function isUploadFileFailure(e: unknown): boolean {
  return isMasvError(e) && UPLOAD_FILE_CODES.has(e.code);
}

/** The transfer-level error of a transfer that ended with some files failed. */
export function partialError(failed: number, kind: 'upload' | 'download'): TransferError {
  const files = `${failed} failed file${failed === 1 ? '' : 's'}`;
  return {
    code: 'partial',
    message:
      kind === 'download'
        ? `complete with ${files}`
        : `${files}: the others are sent, and the package is not finalized without them`,
  };
}

/** A transfer that ends failed for a reason that is not one MasvError (some of its files failed). */
export class TransferFailure extends Error {
  constructor(readonly transferError: TransferError) {
    super(transferError.message);
    this.name = 'TransferFailure';
  }
}
