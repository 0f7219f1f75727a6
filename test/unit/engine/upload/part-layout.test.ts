// Part sizes from the measured rate (adaptivePartSize) and the layout that hands parts out and
// rebuilds holes after an interruption (PartLayout): every plan covers the file exactly as parts
// 1…N within the server's limits, whatever rate and whatever runs were cut short.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptivePartSize, DEFAULT_LIMITS } from '../../../../electron/engine/chunk-plan';
import type { SpecLimits } from '../../../../electron/masv/client';
import {
  coversFile,
  LayoutError,
  PartLayout,
} from '../../../../electron/engine/upload/part-layout';
import type { AckedRange, PartRange } from '../../../../electron/engine/upload/part-layout';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const size = (o: Partial<Parameters<typeof adaptivePartSize>[0]>): number =>
  adaptivePartSize({
    bytesPerSecond: undefined,
    targetMs: 1000,
    cap: 100 * MiB,
    remaining: 10 * GiB,
    numbersLeft: 10_000,
    limits: DEFAULT_LIMITS,
    ...o,
  });

describe('adaptivePartSize', () => {
  it.each([
    ['nothing measured yet: the minimum (slow start)', {}, 5 * MiB],
    ['a slow stream: the minimum, never below', { bytesPerSecond: 1 * MiB }, 5 * MiB],
    ['12 MiB/s for 1 s: 12 MiB', { bytesPerSecond: 12.5 * MiB }, 12 * MiB],
    ['12 MiB/s for 3 s: 37 MiB', { bytesPerSecond: 12.5 * MiB, targetMs: 3000 }, 37 * MiB],
    ['a fast line keeps the big parts (cap)', { bytesPerSecond: 900 * MiB }, 100 * MiB],
    ['a smaller cap (--chunk-size 16M)', { bytesPerSecond: 900 * MiB, cap: 16 * MiB }, 16 * MiB],
    ['the final part is what is left', { bytesPerSecond: 900 * MiB, remaining: 3 * MiB }, 3 * MiB],
    [
      'a tail shorter than one more minimum part rides along',
      { bytesPerSecond: 1 * MiB, remaining: 9 * MiB },
      9 * MiB,
    ],
    [
      'never below what the file size forces (numbers running out)',
      { bytesPerSecond: 1 * MiB, remaining: 2000 * MiB, numbersLeft: 100 },
      20 * MiB,
    ],
    [
      'the last number takes everything left',
      { bytesPerSecond: 1 * MiB, remaining: 700 * MiB, numbersLeft: 1 },
      700 * MiB,
    ],
    ['an empty rest: nothing', { remaining: 0 }, 0],
  ])('%s', (_what, o, expected) => {
    expect(size(o)).toBe(expected);
  });
});

/** Runs a layout to the end, acknowledging what `keep` says and "losing" the rest. */
function drain(
  layout: PartLayout,
  rate: () => number | undefined,
  limits: SpecLimits,
  cap: number,
  keep: (p: PartRange) => boolean,
  acked: Map<number, AckedRange>,
): void {
  for (let p = layout.next(sizer()); p; p = layout.next(sizer()))
    if (keep(p)) acked.set(p.partNumber, { start: p.start, length: p.length });
  function sizer() {
    return (remaining: number, numbersLeft: number) =>
      adaptivePartSize({
        bytesPerSecond: rate(),
        targetMs: 1000,
        cap,
        remaining,
        numbersLeft,
        limits,
      });
  }
}

describe('PartLayout', () => {
  it('hands out the tail as the rate changes, then rebuilds holes from the acknowledged parts', () => {
    const fileSize = 40 * MiB;
    const rates = [undefined, 8 * MiB, 8 * MiB, 20 * MiB];
    const first = new PartLayout(fileSize, new Map(), 10_000);
    const got: PartRange[] = [];
    for (let i = 0; i < 4; i++) {
      const p = first.next((remaining, numbersLeft) =>
        adaptivePartSize({
          bytesPerSecond: rates[i],
          targetMs: 1000,
          cap: 100 * MiB,
          remaining,
          numbersLeft,
          limits: DEFAULT_LIMITS,
        }),
      );
      got.push(p!);
    }
    expect(got.map((p) => [p.partNumber, p.start / MiB, p.length / MiB])).toEqual([
      [1, 0, 5],
      [2, 5, 8],
      [3, 13, 8],
      [4, 21, 19],
    ]);
    expect(first.exhausted).toBe(true);
    // The process died with parts 2 and 3 in flight; 1 and 4 were acknowledged.
    const acked = new Map<number, AckedRange>([
      [1, { start: 0, length: 5 * MiB }],
      [4, { start: 21 * MiB, length: 19 * MiB }],
    ]);
    const again = new PartLayout(fileSize, acked, 10_000);
    expect(again.peekNumber()).toBe(2);
    expect(again.next(() => 1)).toEqual({ partNumber: 2, start: 5 * MiB, length: 8 * MiB });
    expect(again.next(() => 1)).toEqual({ partNumber: 3, start: 13 * MiB, length: 8 * MiB });
    expect(again.next(() => 1)).toBeNull();
  });

  it('an empty file is one empty part', () => {
    const l = new PartLayout(0, new Map(), 10_000);
    expect(l.next(() => 5)).toEqual({ partNumber: 1, start: 0, length: 0 });
    expect(l.next(() => 5)).toBeNull();
    expect(new PartLayout(0, new Map([[1, { start: 0, length: 0 }]]), 10_000).exhausted).toBe(true);
  });

  it('refuses acknowledged parts that cannot belong to the file', () => {
    const bad = (entries: [number, AckedRange][]) => () =>
      new PartLayout(20, new Map(entries), 10_000);
    expect(bad([[1, { start: 0, length: 30 }]])).toThrow(LayoutError);
    expect(bad([[1, { start: 5, length: 5 }]])).toThrow(LayoutError);
    expect(
      bad([
        [1, { start: 0, length: 10 }],
        [2, { start: 5, length: 10 }],
      ]),
    ).toThrow(LayoutError);
  });

  it('property: interrupted runs at changing rates always end as parts 1…N covering the file within limits', () => {
    const limits: SpecLimits = { minChunkSize: 5 * MiB, maxChunkSize: 64 * MiB, maxChunkCount: 60 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 * MiB }),
        fc.integer({ min: 5, max: 64 }).map((m) => m * MiB),
        fc.array(fc.option(fc.integer({ min: 1, max: 80 * MiB }), { nil: undefined }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (fileSize, cap, runRates, seed) => {
          let x = seed;
          const coin = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) & 4) !== 0;
          const acked = new Map<number, AckedRange>();
          // Runs that lose about half their parts, then one that loses none.
          for (const [i, r] of [...runRates, 50 * MiB].entries()) {
            const last = i === runRates.length;
            const layout = new PartLayout(fileSize, acked, limits.maxChunkCount);
            drain(
              layout,
              () => r,
              limits,
              cap,
              () => last || coin(),
              acked,
            );
          }
          expect(coversFile(fileSize, acked)).toBe(true);
          expect(acked.size).toBeLessThanOrEqual(limits.maxChunkCount);
          const n = acked.size;
          for (const [k, p] of acked) {
            expect(p.length).toBeLessThanOrEqual(limits.maxChunkSize);
            if (k < n) expect(p.length).toBeGreaterThanOrEqual(limits.minChunkSize);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same acknowledged parts and rate give the same layout', () => {
    const acked = new Map<number, AckedRange>([[3, { start: 15 * MiB, length: 5 * MiB }]]);
    const take = () => {
      const l = new PartLayout(77 * MiB, acked, 10_000);
      const out: (PartRange | null)[] = [];
      for (let i = 0; i < 6; i++)
        out.push(l.next((r, n) => size({ remaining: r, numbersLeft: n, bytesPerSecond: 9 * MiB })));
      return out;
    };
    expect(take()).toEqual(take());
    expect(take()[0]).toEqual({ partNumber: 1, start: 0, length: 7.5 * MiB });
  });
});
