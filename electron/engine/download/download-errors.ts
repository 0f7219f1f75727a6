// Download-only errors in user words. File-system errors go through fromFsError(e, where,
// 'write') in ../../masv/errors.ts.
import { masvError } from '../../masv/errors';
import type { MasvError } from '../../masv/errors';

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
