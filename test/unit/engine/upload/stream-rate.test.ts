// The stream rate that sizes upload parts: real part timings, journaled when it moves, and a
// part that crawls lowers it before it ends (a run may be killed first).
import { describe, expect, it } from 'vitest';
import { StreamRate } from '../../../../electron/engine/upload/stream-rate';

const MiB = 1024 * 1024;

function rate(initial?: number) {
  const persisted: number[] = [];
  const r = new StreamRate({
    ...(initial === undefined ? {} : { initial }),
    minSampleBytes: 5 * MiB,
    slowAfterMs: 2000,
    persist: (bps) => persisted.push(bps),
  });
  return { r, persisted };
}

describe('StreamRate', () => {
  it('starts unknown, learns from parts of at least the minimum size, and journals big moves', () => {
    const { r, persisted } = rate();
    expect(r.bytesPerSecond).toBeUndefined();
    r.partDone(64 * 1024, 10); // a small file's only part: latency, not line speed
    expect(r.bytesPerSecond).toBeUndefined();
    r.partDone(5 * MiB, 1000);
    expect(r.bytesPerSecond).toBe(5 * MiB);
    r.partDone(5 * MiB, 900); // within a quarter: not journaled again
    expect(persisted).toEqual([5 * MiB]);
    for (let i = 0; i < 5; i++) r.partDone(20 * MiB, 1000);
    expect(r.bytesPerSecond!).toBeGreaterThan(15 * MiB);
    expect(persisted.length).toBeGreaterThan(1);
    expect(persisted.at(-1)).toBe(Math.round(persisted.at(-1)!));
  });

  it('a part still crawling after slowAfterMs caps the estimate at its own pace', () => {
    const { r, persisted } = rate(50 * MiB);
    r.partProgress(10 * MiB, 1000); // too early to judge
    expect(r.bytesPerSecond).toBe(50 * MiB);
    r.partProgress(4 * MiB, 4000);
    expect(r.bytesPerSecond).toBe(1 * MiB);
    expect(persisted).toEqual([1 * MiB]);
    r.partProgress(40 * MiB, 4000); // faster than the estimate: only whole parts raise it
    expect(r.bytesPerSecond).toBe(1 * MiB);
  });
});
