// Gathers socket chunks (often 16–64 KiB) into >= 1 MiB batches and writes them with one
// positional writev: parallel ranges of one .part file each write in place, and the disk sees
// few large writes instead of thousands of small ones. No copying: chunks are kept as given.
import type { FileHandle } from 'node:fs/promises';
import { fromFsError } from '../../masv/errors';

export class PositionalWriter {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private flushed: number;

  constructor(
    private readonly fh: FileHandle,
    start: number,
    private readonly minFlushBytes: number,
    private readonly where: string,
    /** Called after each batch is written, with the bytes it covered. */
    private readonly onFlushed: (start: number, end: number) => void,
  ) {
    this.flushed = start;
  }

  /** File offset up to which bytes are written (not counting the batch being gathered). */
  get flushedTo(): number {
    return this.flushed;
  }

  /** File offset after the last byte received so far. */
  get receivedTo(): number {
    return this.flushed + this.buffered;
  }

  async push(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= this.minFlushBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    let batch = this.chunks;
    let remaining = this.buffered;
    this.chunks = [];
    this.buffered = 0;
    const start = this.flushed;
    let position = start;
    try {
      while (remaining > 0) {
        const { bytesWritten } = await this.fh.writev(batch, position);
        position += bytesWritten;
        remaining -= bytesWritten;
        if (remaining > 0) batch = dropBytes(batch, bytesWritten);
      }
    } catch (e) {
      // Bytes before `position` did land; keep the count honest so a resume starts there.
      this.flushed = position;
      if (position > start) this.onFlushed(start, position);
      throw fromFsError(e, this.where, 'write');
    }
    this.flushed = position;
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
