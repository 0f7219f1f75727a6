// A range that has all its bytes written is done: it does not sit on its connection waiting for
// the file's fdatasync (that made every range of a 2 GiB download idle for one sync). The bytes
// still become durable and journaled through the file's DurableRanges, before the file is.
import { mkdtempSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BandwidthLimiter } from '../../../electron/engine/bandwidth-limiter';
import { realClock } from '../../../electron/engine/clock';
import { DurableRanges } from '../../../electron/engine/download/durable-ranges';
import { FileWriteQueue } from '../../../electron/engine/download/positional-writer';
import { fetchRange } from '../../../electron/engine/download/range-fetch';
import type { RangeFetchContext } from '../../../electron/engine/download/range-fetch';
import type { RangeResult } from '../../../electron/masv/storage';

/** Fails (instead of hanging the test) when `p` waits for something that never comes. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const DATA = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 7 }, (_, i) => (i * 31) % 251));

describe('fetchRange', () => {
  it('finishes without waiting for the fdatasync; the file settle makes the bytes durable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'range-fetch-'));
    const path = join(dir, 'f.part');
    const fh = await open(path, 'w+');
    // fdatasyncs that wait until the test lets them go, then (and from then on) complete.
    let held = true;
    const waiting: (() => void)[] = [];
    const releaseSyncs = () => {
      held = false;
      for (const w of waiting.splice(0)) w();
    };
    let syncs = 0;
    const slowFh = Object.create(fh) as typeof fh;
    slowFh.datasync = async () => {
      syncs++;
      if (held) await new Promise<void>((r) => waiting.push(r));
      await fh.datasync();
    };
    const journaled: [number, number][] = [];
    const durable = new DurableRanges({
      fh: slowFh,
      thresholdBytes: 1024 * 1024,
      intervalMs: 60_000,
      now: () => Date.now(),
      where: 'f',
      onDurable: (s, e) => {
        journaled.push([s, e]);
        return Promise.resolve();
      },
    });
    const answer = (start: number, end: number): RangeResult => ({
      status: 206,
      body: Readable.from(
        Array.from({ length: Math.ceil((end - start + 1) / 65536) }, (_, i) =>
          DATA.subarray(start + i * 65536, Math.min(end + 1, start + (i + 1) * 65536)),
        ),
      ) as RangeResult['body'],
      contentRange: `bytes ${start}-${end}/${DATA.length}`,
      size: DATA.length,
    });
    const ctx: RangeFetchContext = {
      source: { getObjectRange: (_u, r) => Promise.resolve(answer(r.start, r.end ?? 0)) },
      url: () => 'http://storage.invalid/o',
      refreshUrl: () => Promise.resolve(),
      fh: slowFh,
      where: 'f',
      limiter: new BandwidthLimiter({ bytesPerSecond: null, clock: realClock }),
      signal: new AbortController().signal,
      clock: realClock,
      random: () => 0.5,
      stallTimeoutMs: 30_000,
      maxAttempts: 2,
      writeBatchBytes: 1024 * 1024,
      durable,
      writes: new FileWriteQueue(),
      onResponse: () => undefined,
      onRangeIgnored: () => undefined,
      onWritten: () => undefined,
    };
    try {
      // Both ranges complete while the first fdatasync is still held.
      await within(fetchRange(ctx, { start: 0, end: 2 * 1024 * 1024 }), 5000, 'the first range');
      await within(
        fetchRange(ctx, { start: 2 * 1024 * 1024, end: DATA.length }),
        5000,
        'the second range',
      );
      expect(syncs).toBe(1);
      expect(journaled).toEqual([]);
      // The file's settle waits for the syncs and journals every byte.
      const settled = durable.settle();
      releaseSyncs();
      await within(settled, 10_000, 'the settle');
      const covered = journaled.reduce((n, [s, e]) => n + (e - s), 0);
      expect(covered).toBe(DATA.length);
      expect((await readFile(path)).equals(DATA)).toBe(true);
    } finally {
      await fh.close();
    }
  });
});
