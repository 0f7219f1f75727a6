// Gathers socket chunks (often 16–64 KiB) into >= 1 MiB batches and writes them with one
// positional writev: parallel ranges of one .part file each write in place, and the disk sees
// few large writes instead of thousands of small ones. No copying: chunks are kept as given.
// One batch may be in flight while the next one gathers, so the socket keeps being read while
// the disk writes (profiling showed the receive loop idling on every 1 MiB write otherwise).
// The ranges of one file share a FileWriteQueue: one pwritev per file at a time.
// With a DirectTarget (Linux), batches end on 4 KiB boundaries and their full blocks are copied
// into an aligned buffer and written with O_DIRECT (see direct-io.ts); only a range's unaligned
// first and last bytes go through the page cache.
import type { FileHandle } from 'node:fs/promises';
import { fromFsError } from '../../masv/errors';
import { alignDown, alignUp, DIRECT_ALIGN } from './direct-io';
import type { DirectTarget } from './direct-io';

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
    /** O_DIRECT handle and aligned buffers, when the file system takes direct I/O. */
    private readonly direct?: DirectTarget,
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
    if (this.inFlight) return this.inFlight.then(() => this.startBatch(true));
    this.startBatch(true);
    return undefined;
  }

  /** Writes everything received; resolves once it is all written (or throws why not). */
  async flush(): Promise<void> {
    await this.inFlight;
    if (this.buffered > 0) this.startBatch();
    await this.inFlight;
    if (this.failure !== undefined) throw this.failure;
  }

  /** `full`: a batch that reached the minimum (not a final flush), cut on a block boundary. */
  private startBatch(full = false): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.buffered === 0) return;
    let batch = this.chunks;
    let bytes = this.buffered;
    this.chunks = [];
    this.buffered = 0;
    if (this.direct && full) {
      // Direct batches end on a block boundary; what lies beyond it starts the next batch.
      const keep = this.queued + bytes - alignDown(this.queued + bytes);
      if (keep > 0 && keep < bytes) {
        const [head, tail] = splitChunks(batch, bytes - keep);
        batch = head;
        bytes -= keep;
        this.chunks = tail;
        this.buffered = keep;
      }
    }
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
    let position = start;
    try {
      // Through the page cache: everything, or with direct I/O the partial blocks at both ends.
      const buffered = async (iov: Buffer[], n: number): Promise<void> => {
        let batch = iov;
        let remaining = n;
        while (remaining > 0) {
          const [v, at] = [batch, position]; // fixed for the queued call
          const { bytesWritten } = await this.queue.run(() => this.fh.writev(v, at));
          position += bytesWritten;
          remaining -= bytesWritten;
          // A short writev (rare on regular files) leaves the tail to write again.
          if (remaining > 0) batch = splitChunks(batch, bytesWritten)[1];
        }
      };
      const end = start + bytes;
      const midStart = alignUp(start);
      const midEnd = alignDown(end);
      if (!this.direct || this.direct.refused || midEnd <= midStart) {
        await buffered(chunks, bytes);
      } else {
        const [head, rest] = splitChunks(chunks, midStart - start);
        const [mid, tail] = splitChunks(rest, midEnd - midStart);
        if (midStart > start) await buffered(head, midStart - start);
        try {
          await this.writeDirect(this.direct, mid, midStart, midEnd - midStart, (n) => {
            position += n;
          });
        } catch (e) {
          // A device or file system that accepted O_DIRECT at open but not these writes
          // (a larger block size, say): the rest of this file goes through the page cache.
          if ((e as { code?: string }).code !== 'EINVAL') throw e;
          this.direct.refused = true;
          await buffered(splitChunks(mid, position - midStart)[1], midEnd - position);
        }
        if (end > midEnd) await buffered(tail, end - midEnd);
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

  /** Block-aligned bytes from `start`: copied into aligned buffers and written with O_DIRECT. */
  private async writeDirect(
    direct: DirectTarget,
    chunks: Buffer[],
    start: number,
    bytes: number,
    advance: (n: number) => void,
  ): Promise<void> {
    const buf = direct.pool.take();
    try {
      let rest = chunks;
      let position = start;
      const end = start + bytes;
      while (position < end) {
        const n = Math.min(end - position, buf.length);
        const [piece, after] = splitChunks(rest, n);
        rest = after;
        let filled = 0;
        for (const c of piece) filled += c.copy(buf, filled);
        let done = 0;
        while (done < n) {
          const from = done;
          // Not through the file's queue: that exists because buffered writes to one file all
          // wait on its inode lock, while direct writes to disjoint blocks proceed in parallel
          // (one at a time: 2.1-2.2 s for 2 GiB here; one per range: 1.8 s).
          const { bytesWritten } = await direct.fh.write(buf, from, n - from, position);
          if (bytesWritten <= 0 || bytesWritten % DIRECT_ALIGN !== 0)
            throw new Error(`direct write of ${n - from} bytes wrote ${bytesWritten}`);
          done += bytesWritten;
          position += bytesWritten;
          advance(bytesWritten);
        }
      }
    } finally {
      direct.pool.give(buf);
    }
  }
}

/** Splits a chunk list after `n` bytes (views, no copies). */
function splitChunks(chunks: Buffer[], n: number): [Buffer[], Buffer[]] {
  const head: Buffer[] = [];
  let left = n;
  let i = 0;
  for (; i < chunks.length && left > 0; i++) {
    const c = chunks[i]!;
    if (c.length <= left) {
      head.push(c);
      left -= c.length;
      continue;
    }
    head.push(c.subarray(0, left));
    return [head, [c.subarray(left), ...chunks.slice(i + 1)]];
  }
  return [head, chunks.slice(i)];
}
