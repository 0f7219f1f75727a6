// Small parts read whole: the bytes of the range, checked against the plan on the open file.
import { mkdtemp, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPartBuffer } from '../../../../electron/engine/upload/part-buffer';
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
