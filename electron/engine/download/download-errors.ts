// Local write failures in user words. The shared fromFsError speaks of reading sources (it was
// made for uploads); a download fails while writing, and the user must know what to fix.
import { MasvError, masvError } from '../../masv/errors';

function fsCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Maps a write-side fs error; none of these is retryable without the user fixing something. */
export function fromWriteError(e: unknown, where: string): MasvError {
  if (e instanceof MasvError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  const base = { detail, cause: e, retryable: false };
  switch (fsCode(e) ?? '') {
    case 'ENOSPC':
    case 'EDQUOT':
      return masvError('disk-full', {
        ...base,
        message: `the disk is full while writing to ${where}; free some space and resume (what was downloaded is kept)`,
      });
    case 'ENOENT':
      return masvError('io', {
        ...base,
        message: `the download folder ${where} no longer exists; recreate or reconnect it and resume`,
      });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return masvError('io', {
        ...base,
        message: `permission denied writing to ${where}; fix the folder permissions and resume`,
      });
    case 'ELOOP':
      return unsafePath(where, 'a symbolic link was found where a file or folder was expected');
    default:
      return masvError('io', { ...base, message: `could not write to ${where}` });
  }
}

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
