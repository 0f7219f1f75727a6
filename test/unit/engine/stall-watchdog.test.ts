import { describe, expect, it } from 'vitest';
import { stalledError, watchStall } from '../../../electron/engine/stall-watchdog';
import { FakeClock } from './fake-clock';

describe('watchStall', () => {
  it('fires once when no bytes move for the timeout, not before', async () => {
    const clock = new FakeClock();
    let fired = 0;
    const wd = watchStall({ clock, timeoutMs: 1000, onStall: () => fired++ });
    await clock.advance(900);
    wd.touch();
    await clock.advance(900);
    expect(fired).toBe(0);
    expect(wd.stalled).toBe(false);
    await clock.advance(400);
    expect(fired).toBe(1);
    expect(wd.stalled).toBe(true);
    await clock.advance(5000);
    expect(fired).toBe(1);
    await wd.stop();
  });

  it('waiting on purpose (bandwidth limit, disk) is not a stall; stop ends the watch', async () => {
    const clock = new FakeClock();
    let busy = true;
    let fired = 0;
    const wd = watchStall({ clock, timeoutMs: 200, onStall: () => fired++, busy: () => busy });
    await clock.advance(2000);
    expect(fired).toBe(0);
    busy = false;
    await clock.advance(400);
    expect(fired).toBe(1);
    const other = watchStall({ clock, timeoutMs: 200, onStall: () => fired++ });
    await other.stop();
    await clock.advance(1000);
    expect(fired).toBe(1);
    expect(clock.pending()).toBe(0);
    await wd.stop();
  });

  it('the stalled error is retryable and says what stalled', () => {
    const e = stalledError('clip.mov bytes from 42', 300);
    expect(e).toMatchObject({ code: 'stalled', retryable: true });
    expect(e.detail).toBe('clip.mov bytes from 42: no progress for 300 ms');
  });
});
