import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  missingParts,
  partRange,
  planChunks,
  urlBatches,
} from '../../../electron/engine/chunk-plan';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('planChunks (masv-api.md §2.0)', () => {
  it.each([
    // size, preferred chunk, expected chunk, expected parts
    [0, 100 * MiB, 100 * MiB, 1],
    [1, 100 * MiB, 100 * MiB, 1],
    [100 * MiB, 100 * MiB, 100 * MiB, 1],
    [100 * MiB + 1, 100 * MiB, 100 * MiB, 2],
    [5 * MiB, 5 * MiB, 5 * MiB, 1],
    [5 * MiB + 1, 5 * MiB, 5 * MiB, 2],
    [23 * MiB, 5 * MiB, 5 * MiB, 5],
    // below the 5 MiB minimum: raised
    [10 * MiB, 1 * MiB, 5 * MiB, 2],
    // not a whole MiB: rounded up
    [20 * MiB, 5 * MiB + 1, 6 * MiB, 4],
    // 2 TiB with 100 MiB default needs more than 10 000 parts: chunk grows to ceil(size/10000) in MiB
    [2048 * GiB, 100 * MiB, 210 * MiB, 9987],
  ])('size %i with chunk %i -> chunk %i, %i parts', (size, pref, chunk, parts) => {
    expect(planChunks(size, pref, DEFAULT_LIMITS)).toEqual({
      size,
      chunkSize: chunk,
      partCount: parts,
    });
  });

  it('respects limits from the server (max_chunk_count, max/min size)', () => {
    const limits = { maxChunkCount: 3, maxChunkSize: 8 * MiB, minChunkSize: 1 * MiB };
    expect(planChunks(20 * MiB, 2 * MiB, limits)).toEqual({
      size: 20 * MiB,
      chunkSize: 7 * MiB,
      partCount: 3,
    });
    expect(() => planChunks(30 * MiB, 2 * MiB, limits)).toThrow(/too large/);
  });

  it('rejects invalid sizes', () => {
    expect(() => planChunks(-1, MiB)).toThrow();
    expect(() => planChunks(1.5, MiB)).toThrow();
    expect(() => planChunks(10, 0)).toThrow();
  });

  it('property: parts cover the file exactly; all but the last are chunk-sized; limits hold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 1024 * GiB }),
        fc.integer({ min: 1, max: 6 * GiB }),
        (size, pref) => {
          const plan = planChunks(size, pref, DEFAULT_LIMITS);
          expect(plan.partCount).toBeGreaterThanOrEqual(1);
          expect(plan.partCount).toBeLessThanOrEqual(DEFAULT_LIMITS.maxChunkCount);
          expect(plan.chunkSize).toBeGreaterThanOrEqual(DEFAULT_LIMITS.minChunkSize);
          expect(plan.chunkSize).toBeLessThanOrEqual(DEFAULT_LIMITS.maxChunkSize);
          expect(plan.chunkSize % MiB).toBe(0);
          const last = partRange(plan, plan.partCount);
          expect(last.start + last.length).toBe(size);
          expect(last.length).toBeLessThanOrEqual(plan.chunkSize);
          if (size > 0) expect(last.length).toBeGreaterThan(0);
          if (plan.partCount > 1) {
            const first = partRange(plan, 1);
            expect(first).toEqual({ partNumber: 1, start: 0, length: plan.chunkSize });
            const mid = partRange(plan, plan.partCount - 1);
            expect(mid.length).toBe(plan.chunkSize);
            expect(mid.start + mid.length).toBe(last.start);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: the chunk never shrinks below the preferred size (clamped to the max)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1024 * GiB }),
        fc.integer({ min: 5 * MiB, max: 5 * GiB }),
        (size, pref) => {
          const plan = planChunks(size, pref);
          expect(plan.chunkSize).toBeGreaterThanOrEqual(
            Math.min(pref, DEFAULT_LIMITS.maxChunkSize),
          );
        },
      ),
    );
  });

  it('partRange refuses part numbers outside the plan', () => {
    const plan = planChunks(10 * MiB, 5 * MiB);
    expect(() => partRange(plan, 0)).toThrow(RangeError);
    expect(() => partRange(plan, 3)).toThrow(RangeError);
  });
});

describe('missingParts / urlBatches', () => {
  it('lists parts not yet acknowledged', () => {
    expect(missingParts(5, new Set([1, 3]))).toEqual([2, 4, 5]);
    expect(
      missingParts(
        3,
        new Map([
          [1, 'a'],
          [2, 'b'],
          [3, 'c'],
        ]),
      ),
    ).toEqual([]);
  });

  it('groups contiguous runs, capped per call, with 0-based start', () => {
    expect(urlBatches([1, 2, 3, 5, 6, 9], 2)).toEqual([
      { start: 0, count: 2, parts: [1, 2] },
      { start: 2, count: 1, parts: [3] },
      { start: 4, count: 2, parts: [5, 6] },
      { start: 8, count: 1, parts: [9] },
    ]);
    expect(urlBatches([], 10)).toEqual([]);
  });

  it('property: batches cover every part once, in order, contiguous within a batch', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 300 })),
        fc.integer({ min: 1, max: 40 }),
        (raw, max) => {
          const parts = [...raw].sort((a, b) => a - b);
          const batches = urlBatches(parts, max);
          expect(batches.flatMap((b) => b.parts)).toEqual(parts);
          for (const b of batches) {
            expect(b.count).toBe(b.parts.length);
            expect(b.count).toBeLessThanOrEqual(max);
            b.parts.forEach((p, i) => expect(p).toBe(b.start + 1 + i));
          }
        },
      ),
    );
  });
});
