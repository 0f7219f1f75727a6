import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BandwidthLimiter } from '../../../../electron/engine/bandwidth-limiter';
import { realClock } from '../../../../electron/engine/clock';
import { openPartBody } from '../../../../electron/engine/upload/part-body';

let dir: string;
const data = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'part-body-'));
  await writeFile(join(dir, 'f'), data);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const limiter = new BandwidthLimiter({ bytesPerSecond: null, clock: realClock });

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c as Buffer);
  return Buffer.concat(out);
}

describe('openPartBody', () => {
  it('streams exactly the byte range, counts progress and computes the MD5', async () => {
    let progressed = 0;
    const b = openPartBody({
      path: join(dir, 'f'),
      label: 'f',
      start: 1000,
      length: 1500,
      highWaterMark: 256,
      limiter,
      md5: true,
      onBytes: (n) => (progressed += n),
    });
    const got = await collect(b.stream);
    expect(got).toEqual(data.subarray(1000, 2500));
    expect(progressed).toBe(1500);
    expect(b.digest()).toBe(createHash('md5').update(data.subarray(1000, 2500)).digest('hex'));
  });

  it('an empty part is an empty body', async () => {
    const b = openPartBody({
      path: join(dir, 'f'),
      label: 'f',
      start: 0,
      length: 0,
      highWaterMark: 256,
      limiter,
      md5: true,
      onBytes: () => undefined,
    });
    expect((await collect(b.stream)).length).toBe(0);
    expect(b.digest()).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('a file that shrank fails with source-changed, not a network error', async () => {
    await truncate(join(dir, 'f'), 2000);
    const b = openPartBody({
      path: join(dir, 'f'),
      label: 'clip.mov',
      start: 1000,
      length: 1500,
      highWaterMark: 256,
      limiter,
      md5: false,
      onBytes: () => undefined,
    });
    await expect(collect(b.stream)).rejects.toMatchObject({
      code: 'source-changed',
      message: 'clip.mov changed while it was being uploaded (it got shorter)',
    });
  });
});
