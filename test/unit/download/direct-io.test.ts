// Direct I/O writes of downloads: full blocks go through the O_DIRECT handle from aligned
// buffers, partial blocks at a range's ends through the page cache, never both for one block,
// and the file ends up byte-identical whatever the chunk sizes and start offset.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AlignedBufferPool,
  DIRECT_ALIGN,
  openDirect,
} from '../../../electron/engine/download/direct-io';
import type { DirectTarget } from '../../../electron/engine/download/direct-io';
import {
  FileWriteQueue,
  PositionalWriter,
} from '../../../electron/engine/download/positional-writer';

const KiB = 1024;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A file opened for writing plus its O_DIRECT twin, on a file system that takes O_DIRECT. */
async function directFile(
  size: number,
): Promise<{ path: string; fh: FileHandle; direct: FileHandle }> {
  // Some file systems refuse O_DIRECT (older tmpfs, some FUSE mounts); the project's own folder
  // is on a real disk.
  for (const base of [tmpdir(), join(process.cwd(), 'test')]) {
    const dir = mkdtempSync(join(base, '.direct-io-'));
    dirs.push(dir);
    const path = join(dir, 'f.part');
    const fh = await open(path, 'w+');
    await fh.truncate(size);
    const direct = await openDirect(fh);
    if (direct) return { path, fh, direct };
    await fh.close();
  }
  throw new Error('no folder here takes O_DIRECT');
}

/** Records every write that reaches a handle: [position, bytes]. */
function spy(fh: FileHandle, kind: 'writev' | 'write', log: [number, number][]): FileHandle {
  const wrapped = Object.create(fh) as FileHandle;
  if (kind === 'writev') {
    wrapped.writev = ((buffers: Buffer[], position: number) => {
      log.push([position, buffers.reduce((n, b) => n + b.byteLength, 0)]);
      return fh.writev(buffers, position);
    }) as FileHandle['writev'];
  } else {
    wrapped.write = ((buffer: Buffer, offset: number, length: number, position: number) => {
      log.push([position, length]);
      return fh.write(buffer, offset, length, position);
    }) as FileHandle['write'];
  }
  return wrapped;
}

describe('AlignedBufferPool', () => {
  it('hands out page-sized buffers and takes them back', () => {
    expect(() => new AlignedBufferPool(1000)).toThrow(RangeError);
    const pool = new AlignedBufferPool(64 * KiB);
    const a = pool.take();
    expect(a.length).toBe(64 * KiB);
    expect(a.byteOffset).toBe(0);
    pool.give(a);
    expect(pool.take()).toBe(a);
  });
});

describe.runIf(process.platform === 'linux')('PositionalWriter with direct I/O', () => {
  it('writes full blocks directly and only the partial ones through the page cache', async () => {
    const data = randomBytes(1024 * KiB + 777);
    const start = 5000; // not on a block boundary
    const { path, fh, direct } = await directFile(start + data.length + 3000);
    const buffered: [number, number][] = [];
    const directWrites: [number, number][] = [];
    const flushes: [number, number][] = [];
    const writer = new PositionalWriter(
      spy(fh, 'writev', buffered),
      start,
      64 * KiB,
      'f',
      (s, e) => flushes.push([s, e]),
      new FileWriteQueue(),
      { fh: spy(direct, 'write', directWrites), pool: new AlignedBufferPool(64 * KiB) },
    );
    // Socket-like chunks of uneven sizes.
    for (let at = 0, i = 0; at < data.length; i++) {
      const n = Math.min(data.length - at, 1000 + ((i * 7919) % 60_000));
      const wait = writer.push(data.subarray(at, at + n));
      if (wait) await wait;
      at += n;
    }
    await writer.flush();
    await fh.datasync();
    await direct.close();
    await fh.close();

    const onDisk = await readFile(path);
    expect(onDisk.subarray(start, start + data.length).equals(data)).toBe(true);
    expect(onDisk.subarray(0, start).every((b) => b === 0)).toBe(true);
    // Flushed spans are contiguous and cover everything.
    expect(flushes[0]![0]).toBe(start);
    for (let i = 1; i < flushes.length; i++) expect(flushes[i]![0]).toBe(flushes[i - 1]![1]);
    expect(flushes.at(-1)![1]).toBe(start + data.length);
    // Nearly every byte went direct, always whole aligned blocks.
    const directBytes = directWrites.reduce((n, [, len]) => n + len, 0);
    expect(
      directWrites.every(([p, len]) => p % DIRECT_ALIGN === 0 && len % DIRECT_ALIGN === 0),
    ).toBe(true);
    expect(directBytes).toBeGreaterThan(data.length - 2 * DIRECT_ALIGN);
    // The page cache saw only the partial blocks: the head up to the first boundary and the tail.
    expect(buffered).toEqual([
      [start, DIRECT_ALIGN * 2 - start],
      [start + directBytes + (DIRECT_ALIGN * 2 - start), (start + data.length) % DIRECT_ALIGN],
    ]);
  });

  it('resumes from an unaligned offset after a cut without writing a block both ways', async () => {
    const data = randomBytes(300 * KiB);
    const { path, fh, direct } = await directFile(data.length);
    const pool = new AlignedBufferPool(64 * KiB);
    const blocksDirect = new Set<number>();
    const blocksBuffered = new Set<number>();
    const note = (set: Set<number>, [p, len]: [number, number]): void => {
      for (let b = Math.floor(p / DIRECT_ALIGN); b * DIRECT_ALIGN < p + len; b++) set.add(b);
    };
    const d: [number, number][] = [];
    const bv: [number, number][] = [];
    const write = async (from: number, to: number): Promise<void> => {
      const w = new PositionalWriter(
        spy(fh, 'writev', bv),
        from,
        32 * KiB,
        'f',
        () => undefined,
        new FileWriteQueue(),
        { fh: spy(direct, 'write', d), pool },
      );
      for (let at = from; at < to; at += 10_000) {
        const wait = w.push(data.subarray(at, Math.min(to, at + 10_000)));
        if (wait) await wait;
      }
      await w.flush();
    };
    // The first attempt breaks off mid-block; the retry continues from exactly there.
    await write(0, 123_457);
    await write(123_457, data.length);
    for (const x of d) note(blocksDirect, x);
    for (const x of bv) note(blocksBuffered, x);
    await direct.close();
    await fh.close();
    expect((await readFile(path)).equals(data)).toBe(true);
    expect([...blocksDirect].filter((b) => blocksBuffered.has(b))).toEqual([]);
    expect(blocksBuffered.size).toBeLessThanOrEqual(2);
  });

  it('falls back to the page cache for the rest of the file when a direct write is refused', async () => {
    const data = randomBytes(200 * KiB + 99);
    const { path, fh, direct } = await directFile(data.length);
    let attempts = 0;
    const refusing = Object.create(direct) as FileHandle;
    refusing.write = () => {
      attempts++;
      return Promise.reject(
        Object.assign(new Error('EINVAL: invalid argument'), { code: 'EINVAL' }),
      );
    };
    const target: DirectTarget = { fh: refusing, pool: new AlignedBufferPool(32 * KiB) };
    const w = new PositionalWriter(
      fh,
      0,
      32 * KiB,
      'f',
      () => undefined,
      new FileWriteQueue(),
      target,
    );
    for (let at = 0; at < data.length; at += 9000) {
      const wait = w.push(data.subarray(at, Math.min(data.length, at + 9000)));
      if (wait) await wait;
    }
    await w.flush();
    await direct.close();
    await fh.close();
    expect(attempts).toBe(1);
    expect(target.refused).toBe(true);
    expect((await readFile(path)).equals(data)).toBe(true);
  });
});
