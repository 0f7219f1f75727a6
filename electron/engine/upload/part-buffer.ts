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
    message: `${label} changed while it was being uploaded; resend it to send the new version`,
    retryable: false,
  });
}

/**
 * Reusable memory for small parts, by power-of-two size class. Thousands of small files each
 * read into a fresh buffer left about 35 MiB of dead buffers waiting for the GC (2,000 × 64 KiB:
 * peak RSS 190–200 MiB); recycled ones keep only those in flight.
 */
export class PartBufferPool {
  private readonly free = new Map<number, Buffer[]>();
  /** Memory this pool allocated: nothing else is ever taken back. */
  private readonly owned = new WeakSet<ArrayBufferLike>();

  /** At most this many idle bytes are kept per size class. */
  constructor(private readonly keepBytesPerClass = 8 * 1024 * 1024) {}

  /** A buffer of exactly `length` bytes (a view of a pooled one). */
  take(length: number): Buffer {
    const size = sizeClass(length);
    let b = this.free.get(size)?.pop();
    if (!b) {
      b = Buffer.allocUnsafeSlow(size);
      this.owned.add(b.buffer);
    }
    return b.subarray(0, length);
  }

  /** Gives back a buffer from take() once nothing reads it any more. */
  give(b: Buffer): void {
    if (!this.owned.has(b.buffer)) return;
    const whole = Buffer.from(b.buffer, 0, b.buffer.byteLength);
    const size = whole.length;
    const list = this.free.get(size) ?? [];
    if ((list.length + 1) * size <= this.keepBytesPerClass) list.push(whole);
    this.free.set(size, list);
  }
}

function sizeClass(n: number): number {
  return Math.max(4096, 2 ** Math.ceil(Math.log2(Math.max(1, n))));
}

/**
 * Bytes start … start+length-1 of the planned file, verified unchanged on the open file.
 * Callback fs calls in one promise: cheaper than FileHandle promises, and this runs per file.
 */
export function readPartBuffer(
  f: PlannedSource,
  start: number,
  length: number,
  pool?: PartBufferPool,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const buf = pool ? pool.take(length) : Buffer.allocUnsafe(length);
    const fail = (e: Error): void => {
      pool?.give(buf);
      reject(e);
    };
    open(f.path, 'r', (openErr, fd) => {
      if (openErr) {
        fail(fromFsError(openErr, f.label, 'read'));
        return;
      }
      const finish = (err: unknown): void => {
        close(fd, () => (err === null ? resolve(buf) : fail(fromFsError(err, f.label, 'read'))));
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
