// Download-only errors in user words. File-system errors go through fromFsError(e, where,
// 'write') in ../../masv/errors.ts.
import { isMasvError, MasvError, masvError } from '../../masv/errors';
import type { MasvErrorCode } from '../../masv/errors';

export function unsafePath(where: string, why: string): MasvError {
  return masvError('io', { message: `refused to write ${where}: ${why}`, retryable: false });
}

export function integrityError(what: string, detail: string): MasvError {
  return masvError('integrity', {
    message: `${what} did not arrive intact (checksum or size mismatch)`,
    detail,
    retryable: false,
  });
}

/**
 * Failures retrying cannot fix: the link is gone or refuses this secret or password, or the
 * package (or a file in it) was deleted or expired. They end the download as failed for good.
 */
const PERMANENT_CODES: ReadonlySet<MasvErrorCode> = new Set<MasvErrorCode>([
  'link-unavailable',
  'password-required',
  'password-invalid',
  'not-found',
]);

export function markPermanent(e: unknown): unknown {
  if (!isMasvError(e) || e.permanent || !PERMANENT_CODES.has(e.code)) return e;
  return new MasvError(e.code, e.message, {
    ...(e.status === undefined ? {} : { status: e.status }),
    ...(e.detail === undefined ? {} : { detail: e.detail }),
    permanent: true,
    cause: e,
  });
}
