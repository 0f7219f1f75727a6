// Fakes here are async only to match the interfaces they stand in for.
/* eslint-disable @typescript-eslint/require-await */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WorkPool } from '../../../electron/engine/work-pool';
import { settle } from './fake-clock';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkPool', () => {
  it('never runs more than the limit at once, in FIFO order', async () => {
    const pool = new WorkPool(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 6 }, deferred);
    const all = gates.map((g, i) =>
      pool.run(async () => {
        order.push(i);
        running++;
        peak = Math.max(peak, running);
        await g.promise;
        running--;
      }),
    );
    await settle();
    expect(order).toEqual([0, 1]);
    expect(pool.waiting).toBe(4);
    gates.forEach((g) => g.resolve());
    await Promise.all(all);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('raising the limit at run time starts waiting work', async () => {
    const pool = new WorkPool(1);
    const g = deferred();
    let started = 0;
    const jobs = [0, 1, 2].map(() =>
      pool.run(async () => {
        started++;
        await g.promise;
      }),
    );
    await settle();
    expect(started).toBe(1);
    pool.setConcurrency(3);
    await settle();
    expect(started).toBe(3);
    g.resolve();
    await Promise.all(jobs);
  });

  it('abandons queued work when its signal aborts, without taking a slot', async () => {
    const pool = new WorkPool(1);
    const g = deferred();
    const first = pool.run(() => g.promise);
    const ac = new AbortController();
    let ran = false;
    const second = pool.run(async () => {
      ran = true;
    }, ac.signal);
    ac.abort();
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    g.resolve();
    await first;
    expect(ran).toBe(false);
    expect(pool.active).toBe(0);
    expect(pool.waiting).toBe(0);
  });

  it('frees the slot when the work throws', async () => {
    const pool = new WorkPool(1);
    await expect(
      pool.run(async () => {
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    expect(await pool.run(async () => 7)).toBe(7);
  });

  it('waiters sharing a signal share one abort listener; an abort drops only them', async () => {
    const pool = new WorkPool(1);
    const g = deferred();
    const first = pool.run(() => g.promise);
    const shared = new AbortController();
    const other = new AbortController();
    const ran: number[] = [];
    const queued = Array.from({ length: 500 }, (_, i) =>
      pool.run(async () => {
        ran.push(i);
      }, shared.signal),
    );
    const survivor = pool.run(async () => {
      ran.push(-1);
    }, other.signal);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    expect(pool.waiting).toBe(501);
    shared.abort();
    const settled = await Promise.allSettled(queued);
    expect(settled.every((r) => r.status === 'rejected')).toBe(true);
    expect(pool.waiting).toBe(1);
    g.resolve();
    await first;
    await survivor;
    expect(ran).toEqual([-1]);
    // The last waiter under a signal removes the shared listener when it starts.
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(0);
  });
});
