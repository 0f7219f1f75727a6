import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RangeSet, planParts } from '../../../electron/engine/download/range-set';

describe('RangeSet', () => {
  it('merges overlapping and adjacent ranges', () => {
    const set = RangeSet.of([
      { start: 10, end: 20 },
      { start: 0, end: 5 },
      { start: 5, end: 8 },
      { start: 18, end: 30 },
    ]);
    expect(set.list()).toEqual([
      { start: 0, end: 8 },
      { start: 10, end: 30 },
    ]);
    expect(set.size).toBe(28);
    expect(set.missing(40)).toEqual([
      { start: 8, end: 10 },
      { start: 30, end: 40 },
    ]);
    expect(set.covers(12, 30)).toBe(true);
    expect(set.covers(7, 11)).toBe(false);
  });

  it('plans aligned parts over the holes only', () => {
    const done = RangeSet.of([{ start: 3, end: 9 }]);
    expect(planParts(20, done, 8)).toEqual([
      { start: 0, end: 3 },
      { start: 9, end: 16 },
      { start: 16, end: 20 },
    ]);
    expect(planParts(0, new RangeSet(), 8)).toEqual([]);
  });

  it('property: parts plus done ranges tile the file exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.array(fc.tuple(fc.nat(5000), fc.nat(300)), { maxLength: 20 }),
        fc.integer({ min: 1, max: 700 }),
        (total, ranges, partSize) => {
          const done = RangeSet.of(
            ranges.map(([s, len]) => ({
              start: Math.min(s, total),
              end: Math.min(s + len, total),
            })),
          );
          const parts = planParts(total, done, partSize);
          const covered = new Uint8Array(total);
          for (const r of done.list()) for (let i = r.start; i < r.end; i++) covered[i]! += 1;
          for (const p of parts) {
            expect(p.end - p.start).toBeLessThanOrEqual(partSize);
            expect(p.end).toBeGreaterThan(p.start);
            for (let i = p.start; i < p.end; i++) covered[i]! += 1;
          }
          expect([...covered].every((c) => c === 1)).toBe(true);
        },
      ),
    );
  });
});
