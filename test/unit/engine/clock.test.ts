import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { realSleep } from '../../../electron/engine/clock';
import type { Clock } from '../../../electron/engine/clock';
import { watchStall } from '../../../electron/engine/stall-watchdog';

describe('realSleep on a long-lived signal', () => {
  it('leaves no abort listener behind once a sleep ends', async () => {
    const ac = new AbortController();
    for (let i = 0; i < 50; i++) await realSleep(0, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('still rejects when the signal fires mid-sleep, and then holds no listener', async () => {
    const ac = new AbortController();
    const sleeping = realSleep(60_000, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort();
    await expect(sleeping).rejects.toMatchObject({ code: 'aborted' });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it("keeps a stall watchdog's signal at one listener however long the transfer runs", async () => {
    const signals = new Set<AbortSignal>();
    const clock: Clock = {
      now: () => performance.now(),
      sleep: (ms, signal) => {
        if (signal !== undefined) signals.add(signal);
        return realSleep(ms, signal);
      },
    };
    // Checks every 50 ms; 20 checks without a stall (bytes keep moving).
    const wd = watchStall({ clock, timeoutMs: 200, onStall: () => undefined });
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      wd.touch();
    }
    expect(signals.size).toBe(1);
    for (const s of signals) expect(getEventListeners(s, 'abort').length).toBeLessThanOrEqual(1);
    expect(wd.stalled).toBe(false);
    await wd.stop();
  });
});
