// Gathers socket chunks (often 16–64 KiB) into >= 1 MiB batches and writes them with one
// positional writev: parallel ranges of one .part file each write in place, and the disk sees
// few large writes instead of thousands of small ones. No copying: chunks are kept as given.
// One batch may be in flight while the next one gathers, so the socket keeps being read while
// the disk writes (profiling showed the receive loop idling on every 1 MiB write otherwise).
// The ranges of one file share a FileWriteQueue: one pwritev per file at a time.
import type { FileHandle } from 'node:fs/promises';
import { fromFsError } from '../../masv/errors';

/**
 * Runs the writes to one file one after another. The kernel serialises buffered writes to an
 * inode anyway; parallel pwritevs from the thread pool only made the waiting threads spin on
 * the inode lock (perf on a 2 GiB download: rwsem_spin_on_owner at 8% of all samples).
 */
export class FileWriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.tail.then(op);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class PositionalWriter {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** File offset up to which writes completed. */
  private written: number;
  /** File offset after the batch in flight (equals `written` when none is). */
  private queued: number;
  private inFlight: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly fh: FileHandle,
    start: number,
    private readonly minFlushBytes: number,
    private readonly where: string,
    /** Called after each batch is written, with the bytes it covered. */
    private readonly onFlushed: (start: number, end: number) => void,
    /** Shared by every writer of the same file. */
    private readonly queue: FileWriteQueue = new FileWriteQueue(),
  ) {
    this.written = start;
    this.queued = start;
  }

  /** File offset up to which bytes are written (not counting batches in flight or gathering). */
  get flushedTo(): number {
    return this.written;
  }

  /** File offset after the last byte received so far. */
  get receivedTo(): number {
    return this.queued + this.buffered;
  }

  /**
   * Takes a chunk. Returns a promise only when the caller must wait: a batch is full while the
   * previous one is still being written. Throws a write failure that happened meanwhile.
   */
  push(chunk: Buffer): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    if (chunk.length === 0) return undefined;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.minFlushBytes) return undefined;
    if (this.inFlight) return this.inFlight.then(() => this.startBatch());
    this.startBatch();
    return undefined;
  }

  /** Writes everything received; resolves once it is all written (or throws why not). */
  async flush(): Promise<void> {
    await this.inFlight;
    if (this.buffered > 0) this.startBatch();
    await this.inFlight;
    if (this.failure !== undefined) throw this.failure;
  }

  private startBatch(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.buffered === 0) return;
    const batch = this.chunks;
    const bytes = this.buffered;
    this.chunks = [];
    this.buffered = 0;
    const start = this.queued;
    this.queued = start + bytes;
    // Never rejects: a failure is kept and thrown by the next push/flush, so a write that fails
    // while nobody awaits it is not an unhandled rejection.
    this.inFlight = this.writeBatch(batch, start, bytes).then(
      () => {
        this.inFlight = undefined;
      },
      (e: unknown) => {
        this.failure = e instanceof Error ? e : new Error(String(e));
        this.inFlight = undefined;
      },
    );
  }

  private async writeBatch(chunks: Buffer[], start: number, bytes: number): Promise<void> {
    let batch = chunks;
    let remaining = bytes;
    let position = start;
    try {
      while (remaining > 0) {
        const [iov, at] = [batch, position]; // fixed for the queued call
        const { bytesWritten } = await this.queue.run(() => this.fh.writev(iov, at));
        position += bytesWritten;
        remaining -= bytesWritten;
        if (remaining > 0) batch = dropBytes(batch, bytesWritten);
      }
    } catch (e) {
      // Bytes before `position` did land; keep the count honest so a resume starts there.
      this.written = position;
      if (position > start) this.onFlushed(start, position);
      throw fromFsError(e, this.where, 'write');
    }
    this.written = position;
    this.onFlushed(start, position);
  }
}

/** A short writev (rare on regular files) leaves the tail of the batch to write again. */
function dropBytes(chunks: Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = n;
  for (const c of chunks) {
    if (skip >= c.length) {
      skip -= c.length;
      continue;
    }
    out.push(skip > 0 ? c.subarray(skip) : c);
    skip = 0;
  }
  return out;
}
