import { describe, expect, it } from 'vitest';
import { ProgressPublisher, RateMeter } from '../../../electron/engine/progress';
import type { TransferEvent } from '../../../shared/transfers';
import { FakeClock } from './fake-clock';

function snap(bytesDone: number) {
  return {
    id: 'X',
    kind: 'upload' as const,
    state: 'transferring' as const,
    name: 'n',
    createdAt: 0,
    bytesDone,
    bytesTotal: 1000,
    filesDone: 0,
    filesTotal: 1,
    rateBytesPerSecond: 0,
    etaSeconds: null,
  };
}

describe('RateMeter (fake clock)', () => {
  it('converges on a steady rate and gives an ETA', () => {
    const clock = new FakeClock();
    const m = new RateMeter({ clock, tauMs: 2000 });
    let bytes = 0;
    m.sample(0);
    for (let i = 0; i < 100; i++) {
      clock.t += 250;
      bytes += 250_000; // 1 MB/s
      m.sample(bytes);
    }
    expect(m.rate()).toBeGreaterThan(990_000);
    expect(m.rate()).toBeLessThan(1_010_000);
    expect(m.eta(5_000_000)).toBe(5);
    expect(m.eta(0)).toBe(0);
  });

  it('smooths spikes and decays when bytes stop', () => {
    const clock = new FakeClock();
    const m = new RateMeter({ clock, tauMs: 5000 });
    m.sample(0);
    for (let i = 1; i <= 40; i++) {
      clock.t += 250;
      m.sample(i * 25_000); // 100 kB/s
    }
    clock.t += 250;
    m.sample(40 * 25_000 + 2_500_000); // one burst
    expect(m.rate()).toBeLessThan(1_000_000);
    const before = m.rate();
    clock.t += 30_000;
    expect(m.rate()).toBeLessThan(before / 10);
    m.reset();
    expect(m.rate()).toBe(0);
    expect(m.eta(100)).toBeNull();
  });
});

describe('ProgressPublisher (fake clock)', () => {
  it('coalesces progress to one push per interval, with the latest numbers', async () => {
    const clock = new FakeClock();
    const events: TransferEvent[] = [];
    let bytes = 0;
    const pub = new ProgressPublisher(() => snap(bytes), {
      clock,
      emit: (e) => events.push(e),
      intervalMs: 250,
    });
    for (let i = 0; i < 100; i++) {
      bytes += 1;
      pub.progress();
    }
    expect(events).toHaveLength(1);
    await clock.advance(100);
    expect(events).toHaveLength(1);
    await clock.advance(150);
    expect(events).toHaveLength(2);
    expect(events[1]!.snapshot.bytesDone).toBe(100);
    await clock.advance(10_000);
    expect(events).toHaveLength(2);
  });

  it('pushes state changes at once, supersedes pending progress, numbers events in order', async () => {
    const clock = new FakeClock();
    const events: TransferEvent[] = [];
    const pub = new ProgressPublisher(() => snap(1), { clock, emit: (e) => events.push(e) });
    pub.progress();
    pub.progress(); // pending
    pub.state();
    pub.state();
    await clock.advance(1000);
    expect(events.map((e) => e.type)).toEqual(['progress', 'state', 'state']);
    expect(events.map((e) => e.snapshot.seq)).toEqual([1, 2, 3]);
    expect(pub.current().seq).toBe(3);
  });
});
