import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
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

describe('openPartBody through a real HTTP client under backpressure', () => {
  it('sends exactly the planned bytes while read buffers are reused', async () => {
    // Big enough, and read slowly enough, that the socket fills up again and again: the body is
    // paused and resumed many times, which is when its buffers get reused.
    const big = randomBytes(6 * 1024 * 1024 + 123);
    await writeFile(join(dir, 'big'), big);
    const start = 4096 + 7;
    const length = big.length - start - 99;
    const server = createServer((req, res) => {
      const hash = createHash('sha256');
      let n = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        n += c.length;
        // Stall the reader now and then so TCP backpressure reaches the client.
        if (n % 7 === 0 || c.length > 30_000) {
          req.pause();
          setTimeout(() => req.resume(), 2);
        }
      });
      req.on('end', () => res.end(JSON.stringify({ n, sha: hash.digest('hex') })));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const agent = new Agent();
    try {
      const { port } = server.address() as AddressInfo;
      let progressed = 0;
      const b = openPartBody({
        path: join(dir, 'big'),
        label: 'big',
        start,
        length,
        highWaterMark: 64 * 1024,
        limiter,
        md5: true,
        onBytes: (n) => (progressed += n),
      });
      const res = await request(`http://127.0.0.1:${port}/`, {
        method: 'PUT',
        body: b.stream,
        headers: { 'content-length': String(length) },
        dispatcher: agent,
      });
      const got = (await res.body.json()) as { n: number; sha: string };
      const want = big.subarray(start, start + length);
      expect(got).toEqual({ n: length, sha: createHash('sha256').update(want).digest('hex') });
      expect(progressed).toBe(length);
      expect(b.digest()).toBe(createHash('md5').update(want).digest('hex'));
    } finally {
      await agent.close();
      await new Promise((r) => server.close(r));
    }
  });
});
