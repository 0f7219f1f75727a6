// Small parts read whole: the bytes of the range, checked against the plan on the open file.
import { mkdtemp, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartBufferPool, readPartBuffer } from '../../../../electron/engine/upload/part-buffer';
import type { PlannedSource } from '../../../../electron/engine/upload/part-buffer';

let dir: string;
let file: string;
const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'part-buffer-'));
  file = join(dir, 'f.bin');
  await writeFile(file, data);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function planned(): Promise<PlannedSource> {
  const st = await stat(file);
  return { path: file, label: 'day1/f.bin', size: st.size, mtimeMs: st.mtimeMs };
}

describe('readPartBuffer', () => {
  it('returns exactly the byte range of the planned file', async () => {
    expect(await readPartBuffer(await planned(), 1200, 3000)).toEqual(data.subarray(1200, 4200));
  });

  it('refuses a file whose modification time moved since planning', async () => {
    const p = await planned();
    await utimes(file, new Date(), new Date(p.mtimeMs + 5000));
    await expect(readPartBuffer(p, 0, 100)).rejects.toMatchObject({
      code: 'source-changed',
      message: expect.stringMatching(/^day1\/f\.bin changed while it was being uploaded/) as string,
    });
  });

  it('refuses a file that got shorter than the part', async () => {
    const p = await planned();
    await truncate(file, 4000);
    await expect(readPartBuffer(p, 3000, 2000)).rejects.toMatchObject({ code: 'source-changed' });
  });

  it('a missing file is a read error naming the file, not a network error', async () => {
    const p = await planned();
    await rm(file);
    await expect(readPartBuffer(p, 0, 10)).rejects.toMatchObject({
      message: expect.stringContaining('day1/f.bin') as string,
    });
  });
});

describe('PartBufferPool', () => {
  it('recycles the memory of parts read whole, and only its own', async () => {
    const pool = new PartBufferPool(64 * 1024);
    const src: PlannedSource = { path: file, label: 'f.bin', size: data.length, mtimeMs: 0 };
    src.mtimeMs = (await stat(file)).mtimeMs;
    const a = await readPartBuffer(src, 100, 3000, pool);
    expect(a.equals(data.subarray(100, 3100))).toBe(true);
    pool.give(a);
    // The same memory comes back for the next part of that size class, holding the new bytes.
    const b = await readPartBuffer(src, 0, 4000, pool);
    expect(b.buffer).toBe(a.buffer);
    expect(b.equals(data.subarray(0, 4000))).toBe(true);
    // A buffer the pool did not make (here a slice of Node's shared slab) is never taken in.
    const foreign = Buffer.allocUnsafe(100);
    pool.give(foreign);
    expect(pool.take(100).buffer).not.toBe(foreign.buffer);
    // At most keepBytesPerClass idle bytes per class: sixteen 4 KiB buffers here.
    const many = Array.from({ length: 20 }, () => pool.take(4096));
    for (const m of many) pool.give(m);
    const again = Array.from({ length: 20 }, () => pool.take(4096));
    expect(again.filter((x) => many.some((m) => m.buffer === x.buffer))).toHaveLength(16);
  });

  it('gives the buffer back when the read fails', async () => {
    const pool = new PartBufferPool();
    const src: PlannedSource = {
      path: join(dir, 'missing'),
      label: 'missing',
      size: 10,
      mtimeMs: 0,
    };
    const first = pool.take(10);
    pool.give(first);
    await expect(readPartBuffer(src, 0, 10, pool)).rejects.toThrow('could not read missing');
    expect(pool.take(10).buffer).toBe(first.buffer);
  });
});
