// The body of one part PUT, read from disk by byte range with large positional reads into a
// few reused buffers. It counts bytes (a short read means the file shrank: 'source-changed'),
// computes the MD5 when asked, and takes bandwidth allowance before each chunk leaves.
//
// Why reuse buffers: a fresh 1 MiB buffer per read made V8 run a full GC every ~64 MiB sent
// (external memory pressure), about half of the client's CPU per GiB. A buffer may only be
// reused once the socket is done with it. HTTP clients that honour backpressure (undici does)
// pause the body when the socket's buffer is full and resume it on the socket's 'drain', which
// comes only after every byte written so far reached the kernel. So on each 'resume' event,
// every chunk already emitted is safe to reuse; chunks still buffered inside this stream are
// not. Consumers that never pause/resume (pipe, async iteration) simply get fresh buffers.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { close, open, read } from 'node:fs';
import { Readable } from 'node:stream';
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

/** Free buffers kept per body: one being read, one queued, one on the socket, one spare. */
const MAX_FREE = 4;

interface Sent {
  buf: Buffer;
  length: number;
}

class PartStream extends Readable {
  private fd: number | null = null;
  private reading = false;
  private done = 0;
  private readonly free: Buffer[] = [];
  /** Chunks pushed, oldest first, whose buffers the consumer may still hold. */
  private readonly sent: Sent[] = [];
  digest: string | undefined;
  waiting = false;

  constructor(
    private readonly o: PartBodyOptions,
    private readonly hash: Hash | null,
  ) {
    super({ highWaterMark: o.highWaterMark });
    this.on('resume', () => this.recycle());
  }

  override _construct(cb: (err?: Error | null) => void): void {
    if (this.o.length === 0) {
      cb();
      return;
    }
    open(this.o.path, 'r', (err, fd) => {
      if (err) {
        cb(fromFsError(err, this.o.label, 'read'));
        return;
      }
      this.fd = fd;
      cb();
    });
  }

  override _read(): void {
    if (this.reading || this.waiting) return;
    const remaining = this.o.length - this.done;
    if (remaining === 0) {
      this.finish();
      return;
    }
    const size = Math.min(this.o.highWaterMark, remaining);
    const buf = this.buffer(size);
    this.reading = true;
    read(this.fd!, buf, 0, size, this.o.start + this.done, (err, n) => {
      this.reading = false;
      if (this.destroyed) {
        this.closeFd();
        return;
      }
      if (err) {
        this.destroy(fromFsError(err, this.o.label, 'read'));
        return;
      }
      if (n === 0) {
        this.destroy(
          masvError('source-changed', {
            message: `${this.o.label} changed while it was being uploaded (it got shorter)`,
            retryable: false,
          }),
        );
        return;
      }
      const chunk = n === buf.length ? buf : buf.subarray(0, n);
      this.done += n;
      this.hash?.update(chunk);
      if (this.o.limiter.bytesPerSecond === null) {
        this.send(chunk, buf);
        return;
      }
      this.waiting = true;
      this.o.limiter.take(n, this.o.signal).then(
        () => {
          this.waiting = false;
          if (!this.destroyed) this.send(chunk, buf);
        },
        (e: unknown) => {
          this.waiting = false;
          this.destroy(e as Error);
        },
      );
    });
  }

  private send(chunk: Buffer, buf: Buffer): void {
    this.o.onBytes(chunk.length);
    this.sent.push({ buf, length: chunk.length });
    this.push(chunk);
    if (this.done === this.o.length) this.finish();
  }

  private finish(): void {
    if (this.hash && this.digest === undefined) this.digest = this.hash.digest('hex');
    this.push(null);
  }

  private buffer(size: number): Buffer {
    const reused = this.free.pop();
    if (reused && reused.length >= size) return reused;
    return Buffer.allocUnsafeSlow(Math.max(size, Math.min(this.o.highWaterMark, this.o.length)));
  }

  /** Everything emitted before this resume has been written out (see the file comment). */
  private recycle(): void {
    let unemitted = this.readableLength;
    let keep = this.sent.length;
    while (keep > 0 && unemitted > 0) unemitted -= this.sent[--keep]!.length;
    for (const s of this.sent.splice(0, keep))
      if (this.free.length < MAX_FREE) this.free.push(s.buf);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.sent.length = 0;
    this.free.length = 0;
    // A read still running owns the descriptor; its callback closes it.
    if (!this.reading) this.closeFd();
    cb(err);
  }

  private closeFd(): void {
    const fd = this.fd;
    if (fd === null) return;
    this.fd = null;
    close(fd, () => undefined);
  }
}

export function openPartBody(o: PartBodyOptions): PartBody {
  const s = new PartStream(o, o.md5 ? createHash('md5') : null);
  return { stream: s, digest: () => s.digest, throttled: () => s.waiting };
}
