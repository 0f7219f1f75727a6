import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BandwidthLimiter, throttle } from '../../../electron/engine/bandwidth-limiter';
import { FakeClock, settle } from './fake-clock';

describe('BandwidthLimiter (fake clock)', () => {
  it('lets bytes through at the configured rate', async () => {
    const clock = new FakeClock();
    const lim = new BandwidthLimiter({ bytesPerSecond: 1000, clock, burstSeconds: 0 });
    const done: number[] = [];
    const chunks = Array.from({ length: 5 }, (_, i) => lim.take(1000).then(() => done.push(i)));
    await settle();
    // The first request may go into debt; the rest wait one second each.
    expect(done).toEqual([0]);
    await clock.advance(999);
    expect(done).toEqual([0]);
    await clock.advance(1);
    expect(done).toEqual([0, 1]);
    await clock.advance(3000);
    await Promise.all(chunks);
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });

  it('serves waiters in order (fair between transfers)', async () => {
    const clock = new FakeClock();
    const lim = new BandwidthLimiter({ bytesPerSecond: 100, clock, burstSeconds: 0 });
    const order: string[] = [];
    const a = lim.take(100).then(() => order.push('a1'));
    const b = lim.take(100).then(() => order.push('b1'));
    const c = lim.take(100).then(() => order.push('a2'));
    await clock.advance(5000);
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a1', 'b1', 'a2']);
  });

  it('changing the rate while waiting takes effect at once', async () => {
    const clock = new FakeClock();
    const lim = new BandwidthLimiter({ bytesPerSecond: 10, clock, burstSeconds: 0 });
    await lim.take(1000); // 100 s of debt at 10 B/s
    let passed = false;
    const p = lim.take(10).then(() => (passed = true));
    await clock.advance(1000);
    expect(passed).toBe(false);
    lim.setRate(1_000_000);
    await clock.advance(10);
    await p;
    expect(passed).toBe(true);
  });

  it('null means unlimited, and setting null releases waiters', async () => {
    const clock = new FakeClock();
    const lim = new BandwidthLimiter({ bytesPerSecond: 1, clock, burstSeconds: 0 });
    await lim.take(100);
    let passed = false;
    const p = lim.take(100).then(() => (passed = true));
    await settle();
    expect(passed).toBe(false);
    lim.setRate(null);
    await settle();
    await p;
    expect(passed).toBe(true);
    await lim.take(1e12);
  });

  it('rejects with aborted when the signal fires while waiting', async () => {
    const clock = new FakeClock();
    const lim = new BandwidthLimiter({ bytesPerSecond: 1, clock, burstSeconds: 0 });
    await lim.take(100);
    const ac = new AbortController();
    const p = lim.take(10, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    // Later callers are not blocked by the abandoned one.
    const q = lim.take(1);
    await clock.advance(200_000);
    await q;
  });

  it('throttle() delivers every byte of a stream, paced by the limiter', async () => {
    const clock = new FakeClock();
    const lim = new BandwidthLimiter({ bytesPerSecond: 1000, clock, burstSeconds: 0 });
    const src = Readable.from([Buffer.alloc(1000, 1), Buffer.alloc(1000, 2), Buffer.alloc(500, 3)]);
    const out: Buffer[] = [];
    const t = throttle(src, lim);
    t.on('data', (c: Buffer) => out.push(c));
    const ended = new Promise((r) => t.on('end', r));
    await settle();
    expect(Buffer.concat(out).length).toBe(1000);
    await clock.advance(1000);
    expect(Buffer.concat(out).length).toBe(2000);
    await clock.advance(1000);
    await ended;
    expect(Buffer.concat(out)).toEqual(
      Buffer.concat([Buffer.alloc(1000, 1), Buffer.alloc(1000, 2), Buffer.alloc(500, 3)]),
    );
  });
});
