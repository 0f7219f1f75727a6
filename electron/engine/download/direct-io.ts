// Direct I/O for downloads (Linux): the full 4 KiB blocks of each write batch go from an aligned
// buffer straight to the disk with O_DIRECT instead of through the page cache. A download must
// be on disk before it counts (the resume journal records only synced bytes), and buffered
// writes made the kernel copy every byte into the page cache and then write it back on
// fdatasync. On this machine, 2 GiB with `dd bs=1M conv=fdatasync`: 2.0 s and 1.2 CPU-s of
// kernel time; with `dd bs=1M oflag=direct`: 1.2 s and 0.17 CPU-s. Partial blocks at the ends
// of a batch still go through the ordinary buffered handle: a block is only ever written one
// way, so the two never overlap, and one fdatasync on the file covers both.
import { constants, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** Offsets, lengths and buffer addresses for O_DIRECT are multiples of this. */
export const DIRECT_ALIGN = 4096;

const WASM_PAGE = 64 * 1024;

/** The one WebAssembly API used here (this project's TypeScript libs do not declare it). */
interface WasmMemoryConstructor {
  new (descriptor: { initial: number }): { readonly buffer: ArrayBuffer };
}
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } })
  .WebAssembly.Memory;

export const alignDown = (n: number): number => n - (n % DIRECT_ALIGN);
export const alignUp = (n: number): number => alignDown(n + DIRECT_ALIGN - 1);

/**
 * Buffers whose memory starts on a page boundary, as O_DIRECT needs. Node cannot ask for
 * aligned memory, but a WebAssembly.Memory is mapped whole pages at a time: each buffer is the
 * start of its own one. Buffers are reused, so a download allocates only a handful.
 */
export class AlignedBufferPool {
  private readonly free: Buffer[] = [];

  constructor(readonly bufferBytes: number) {
    if (bufferBytes <= 0 || bufferBytes % DIRECT_ALIGN !== 0)
      throw new RangeError(`aligned buffers must be a positive multiple of ${DIRECT_ALIGN} bytes`);
  }

  take(): Buffer {
    const reused = this.free.pop();
    if (reused) return reused;
    const memory = new WasmMemory({ initial: Math.ceil(this.bufferBytes / WASM_PAGE) });
    return Buffer.from(memory.buffer, 0, this.bufferBytes);
  }

  give(b: Buffer): void {
    if (this.free.length < 16) this.free.push(b);
  }
}

/** The second, O_DIRECT handle on a file a writer writes, and where its buffers come from. */
export interface DirectTarget {
  fh: FileHandle;
  pool: AlignedBufferPool;
  /** Set once a direct write was refused (EINVAL): the file's writers fall back to buffered. */
  refused?: boolean;
}

/**
 * Opens `fh`'s file again with O_DIRECT, through /proc/self/fd so it is the very inode already
 * opened (no second path lookup that a planted link could redirect). Undefined where direct
 * I/O is not available: not Linux, no /proc, or a file system that refuses it (older tmpfs,
 * some FUSE and network mounts); the caller then writes through the page cache as before.
 */
export async function openDirect(fh: FileHandle): Promise<FileHandle | undefined> {
  const flag = (constants as { O_DIRECT?: number }).O_DIRECT;
  if (process.platform !== 'linux' || flag === undefined) return undefined;
  try {
    return await open(`/proc/self/fd/${fh.fd}`, constants.O_WRONLY | flag);
  } catch {
    return undefined;
  }
}
