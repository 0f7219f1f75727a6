// Fakes here are async only to match the interfaces they stand in for.
/* eslint-disable @typescript-eslint/require-await */
import { describe, expect, it } from 'vitest';
import { PartUrlSupply, urlExpiry } from '../../../../electron/engine/upload/url-supply';
import type { Blueprint } from '../../../../electron/masv/client';

function setup(parts: number[], batchSize: number, lifetimeMs = 3_600_000) {
  let now = 1_000_000;
  const calls: [number, number][] = [];
  const supply = new PartUrlSupply({
    parts,
    batchSize,
    now: () => now,
    renewBeforeMs: 300_000,
    assumedLifetimeMs: lifetimeMs,
    fetch: async (start, count): Promise<Blueprint[]> => {
      calls.push([start, count]);
      return Array.from({ length: count }, (_, i) => ({
        method: 'PUT',
        url: `http://s/p${start + i + 1}?v=${calls.length}`,
        headers: {},
      }));
    },
  });
  return { supply, calls, advance: (ms: number) => (now += ms) };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('PartUrlSupply', () => {
  it('fetches contiguous batches once and serves every part from them', async () => {
    const { supply, calls } = setup([1, 2, 3, 4, 5, 6, 7], 4);
    const urls = await Promise.all([1, 2, 3, 4].map((n) => supply.get(n)));
    expect(urls.map((u) => u.url)).toEqual([
      'http://s/p1?v=1',
      'http://s/p2?v=1',
      'http://s/p3?v=1',
      'http://s/p4?v=1',
    ]);
    await flush();
    // Reaching the second half of batch 1 fetched batch 2 ahead of need.
    expect(calls).toEqual([
      [0, 4],
      [4, 3],
    ]);
    expect((await supply.get(7)).url).toBe('http://s/p7?v=2');
    expect(calls).toHaveLength(2);
  });

  it('only asks for the parts still missing (resume), as contiguous runs', async () => {
    const { supply, calls } = setup([2, 3, 7], 10);
    await supply.get(7);
    await supply.get(2);
    expect(calls).toEqual([
      [6, 1],
      [1, 2],
    ]);
  });

  it('parts cut as they start get batches no longer than the parts still expected', async () => {
    const calls: [number, number][] = [];
    let expectedLast = 5;
    const supply = new PartUrlSupply({
      parts: [1, 2],
      batchSize: 32,
      expectedFrom: (n) => expectedLast - n + 1,
      now: () => 0,
      renewBeforeMs: 1,
      assumedLifetimeMs: 3_600_000,
      fetch: async (start, count): Promise<Blueprint[]> => {
        calls.push([start, count]);
        return Array.from({ length: count }, (_, i) => ({
          method: 'PUT',
          url: `http://s/p${start + i + 1}`,
          headers: {},
        }));
      },
    });
    await supply.get(2);
    await flush();
    // The second half of [1, 2] prefetched parts 3…5, as many as the file is expected to need.
    expect(calls).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expectedLast = 40;
    expect((await supply.get(6)).url).toBe('http://s/p6');
    expect(calls[2]).toEqual([5, 32]);
  });

  it('renews URLs close to expiry before use, and after a 403', async () => {
    const { supply, calls, advance } = setup([1, 2], 2, 60_000);
    expect((await supply.get(1)).url).toBe('http://s/p1?v=1');
    advance(50_000); // within the proportional renew margin of a 60 s URL
    expect((await supply.get(1)).url).toBe('http://s/p1?v=2');
    supply.invalidate(2);
    expect((await supply.get(2)).url).toBe('http://s/p2?v=3');
    expect(calls).toHaveLength(3);
  });

  it('reads the expiry from SigV4 query parameters', () => {
    const fetchedAt = Date.UTC(2026, 0, 1, 0, 0, 10);
    const url = 'https://s/k?X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-Signature=x';
    expect(urlExpiry(url, fetchedAt, 1)).toBe(Date.UTC(2026, 0, 1, 0, 15, 0));
    expect(urlExpiry('https://s/k', 5, 100)).toBe(105);
  });
});
