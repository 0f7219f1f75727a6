// The body of one part PUT, streamed from disk by byte range with large reads. It counts bytes
// (a short read means the file shrank: 'source-changed'), computes the MD5 when asked, and
// takes bandwidth allowance before each chunk leaves. Memory stays at a few read buffers.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough, Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { fromFsError, masvError } from '../../masv/errors';
import type { BandwidthLimiter } from '../bandwidth-limiter';

export interface PartBodyOptions {
  path: string;
  /** Label for messages (package-relative path). */
  label: string;
  start: number;
  length: number;
  highWaterMark: number;
  limiter: BandwidthLimiter;
  signal?: AbortSignal;
  md5: boolean;
  /** Bytes handed to the request (for progress). */
  onBytes: (n: number) => void;
}

export interface PartBody {
  stream: Readable;
  /** Hex MD5 of the bytes read, once the stream ended (only with md5: true). */
  digest(): string | undefined;
  /** True while waiting for bandwidth allowance (not a stall). */
  throttled(): boolean;
}

export function openPartBody(o: PartBodyOptions): PartBody {
  const hash: Hash | null = o.md5 ? createHash('md5') : null;
  let digest: string | undefined;
  let waiting = false;
  if (o.length === 0) {
    const empty = new PassThrough();
    empty.end();
    if (hash) digest = hash.digest('hex');
    return { stream: empty, digest: () => digest, throttled: () => false };
  }
  let count = 0;
  const file = createReadStream(o.path, {
    start: o.start,
    end: o.start + o.length - 1,
    highWaterMark: o.highWaterMark,
  });
  const t = new Transform({
    // Never buffer more than one read ahead of the socket.
    highWaterMark: o.highWaterMark,
    transform(chunk: Buffer, _enc, cb) {
      count += chunk.length;
      if (count > o.length) {
        cb(
          masvError('source-changed', {
            message: `${o.label} changed while it was being uploaded`,
            retryable: false,
          }),
        );
        return;
      }
      hash?.update(chunk);
      waiting = true;
      o.limiter.take(chunk.length, o.signal).then(
        () => {
          waiting = false;
          o.onBytes(chunk.length);
          cb(null, chunk);
        },
        (e: unknown) => {
          waiting = false;
          cb(e as Error);
        },
      );
    },
    flush(cb) {
      if (count !== o.length) {
        cb(
          masvError('source-changed', {
            message: `${o.label} changed while it was being uploaded (it got shorter)`,
            retryable: false,
          }),
        );
        return;
      }
      if (hash) digest = hash.digest('hex');
      cb();
    },
  });
  file.on('error', (e) => t.destroy(fromFsError(e, o.label, 'read')));
  // If the request gives up on the body (abort, reset), stop reading the file too.
  t.on('close', () => file.destroy());
  file.pipe(t);
  return { stream: t, digest: () => digest, throttled: () => waiting };
}
