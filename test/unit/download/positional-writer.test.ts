import { open, readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PositionalWriter } from '../../../electron/engine/download/positional-writer';

describe('PositionalWriter', () => {
  it('gathers small chunks into batches of at least the minimum and writes them in place', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'masv-pw-')), 'f.part');
    const fh = await open(path, 'w+');
    await fh.truncate(100);
    const flushes: [number, number][] = [];
    const writer = new PositionalWriter(fh, 40, 16, 'f', (s, e) => flushes.push([s, e]));
    for (let i = 0; i < 10; i++) await writer.push(Buffer.alloc(5, 65 + i));
    expect(writer.receivedTo).toBe(90);
    await writer.flush();
    await fh.close();
    // 5-byte chunks with a 16-byte minimum: flushed at 20, 40 and the rest at the end.
    expect(flushes).toEqual([
      [40, 60],
      [60, 80],
      [80, 90],
    ]);
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 40).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(40, 45).toString()).toBe('AAAAA');
    expect(bytes.subarray(85, 90).toString()).toBe('JJJJJ');
    expect(bytes.subarray(90).every((b) => b === 0)).toBe(true);
  });
});
