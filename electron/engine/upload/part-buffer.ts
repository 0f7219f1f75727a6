// Small parts (up to one read) are read whole into memory before the PUT: one open, one read,
// one fstat and one close, instead of a read stream plus a stat before and after. The fstat on
// the same open file proves the bytes read belong to the file as planned, so nothing needs to
// be checked after the PUT, and retries resend the same bytes without touching the disk.
import { close, fstat, open, read } from 'node:fs';
import type { Stats } from 'node:fs';
import { Readable } from 'node:stream';
import { fromFsError, masvError } from '../../masv/errors';
import type { MasvError } from '../../masv/errors';

export interface PlannedSource {
  path: string;
  /** Package-relative path, for messages. */
  label: string;
  size: number;
  mtimeMs: number;
}

/** Size or modification time moved since planning (mtime compared to the millisecond). */
export function sameAsPlanned(st: Pick<Stats, 'size' | 'mtimeMs'>, f: PlannedSource): boolean {
  return st.size === f.size && Math.abs(st.mtimeMs - f.mtimeMs) <= 1;
}

export function sourceChanged(label: string): MasvError {
  return masvError('source-changed', {
    message: `${label} changed while it was being uploaded; start the upload again to send the new version`,
    retryable: false,
  });
}

/**
 * Bytes start … start+length-1 of the planned file, verified unchanged on the open file.
 * Callback fs calls in one promise: cheaper than FileHandle promises, and this runs per file.
 */
export function readPartBuffer(f: PlannedSource, start: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const buf = Buffer.allocUnsafe(length);
    open(f.path, 'r', (openErr, fd) => {
      if (openErr) {
        reject(fromFsError(openErr, f.label, 'read'));
        return;
      }
      const finish = (err: unknown): void => {
        close(fd, () => (err === null ? resolve(buf) : reject(fromFsError(err, f.label, 'read'))));
      };
      const readFrom = (got: number): void => {
        read(fd, buf, got, length - got, start + got, (readErr, n) => {
          if (readErr) finish(readErr);
          else if (n === 0) finish(sourceChanged(f.label));
          else if (got + n < length) readFrom(got + n);
          else
            fstat(fd, (statErr, st) => {
              if (statErr) finish(statErr);
              else finish(sameAsPlanned(st, f) ? null : sourceChanged(f.label));
            });
        });
      };
      readFrom(0);
    });
  });
}

/** A body stream over bytes already in memory (one chunk, no file underneath). */
export function bufferBody(buf: Buffer): Readable {
  let sent = false;
  return new Readable({
    highWaterMark: Math.max(1, buf.length),
    read() {
      if (!sent && buf.length > 0) this.push(buf);
      sent = true;
      this.push(null);
    },
  });
}
