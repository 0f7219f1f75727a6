// Pure chunk planning (masv-api.md §2.0): chunk = max(preferred, ceil(size / maxChunkCount)),
// rounded up to a whole MiB, clamped to [minChunkSize, maxChunkSize]; every part but the last is
// exactly `chunk` bytes; part count = max(1, ceil(size / chunk)) so empty files get one part.
import { masvError } from '../masv/errors';
import type { SpecLimits } from '../masv/client';

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: SpecLimits = {
  maxChunkCount: 10_000,
  maxChunkSize: 5 * 1024 * MiB,
  minChunkSize: 5 * MiB,
};

export interface ChunkPlan {
  size: number;
  chunkSize: number;
  partCount: number;
}

export interface PartRange {
  partNumber: number;
  /** Inclusive start offset. */
  start: number;
  /** Bytes in this part (0 only for the single part of an empty file). */
  length: number;
}

/** Merges limits from the spec/add-file answers over the defaults, ignoring nonsense values. */
export function mergeLimits(...sources: Partial<SpecLimits>[]): SpecLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const s of sources) {
    if (s.maxChunkCount !== undefined && s.maxChunkCount >= 1)
      out.maxChunkCount = Math.floor(s.maxChunkCount);
    if (s.maxChunkSize !== undefined && s.maxChunkSize >= 1)
      out.maxChunkSize = Math.floor(s.maxChunkSize);
    if (s.minChunkSize !== undefined && s.minChunkSize >= 0)
      out.minChunkSize = Math.floor(s.minChunkSize);
  }
  if (out.minChunkSize > out.maxChunkSize) out.minChunkSize = out.maxChunkSize;
  return out;
}

export function planChunks(
  size: number,
  preferredChunkSize: number,
  limits: SpecLimits = DEFAULT_LIMITS,
): ChunkPlan {
  if (!Number.isSafeInteger(size) || size < 0)
    throw masvError('invalid-input', { message: `invalid file size ${size}` });
  if (!Number.isSafeInteger(preferredChunkSize) || preferredChunkSize <= 0) {
    throw masvError('invalid-input', { message: `invalid chunk size ${preferredChunkSize}` });
  }
  let chunk = Math.max(preferredChunkSize, Math.ceil(size / limits.maxChunkCount));
  chunk = Math.ceil(chunk / MiB) * MiB;
  chunk = Math.min(Math.max(chunk, limits.minChunkSize), limits.maxChunkSize);
  const partCount = Math.max(1, Math.ceil(size / chunk));
  if (partCount > limits.maxChunkCount) {
    throw masvError('invalid-input', {
      message: `the file is too large for MASV (${size} bytes needs more than ${limits.maxChunkCount} parts of ${chunk} bytes)`,
      retryable: false,
    });
  }
  return { size, chunkSize: chunk, partCount };
}

/** Byte range of a 1-based part number. */
export function partRange(plan: ChunkPlan, partNumber: number): PartRange {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > plan.partCount) {
    throw new RangeError(`part ${partNumber} outside 1..${plan.partCount}`);
  }
  const start = (partNumber - 1) * plan.chunkSize;
  const length = Math.min(plan.chunkSize, plan.size - start);
  return { partNumber, start, length: Math.max(0, length) };
}

/** Sorted part numbers not in `done`. */
export function missingParts(
  partCount: number,
  done: ReadonlySet<number> | ReadonlyMap<number, unknown>,
): number[] {
  const out: number[] = [];
  for (let n = 1; n <= partCount; n++) if (!done.has(n)) out.push(n);
  return out;
}

/**
 * Groups sorted part numbers into contiguous runs of at most `max` parts — one chunk-URL call
 * each (the API takes a 0-based `start` and a `count`).
 */
export function urlBatches(
  parts: readonly number[],
  max: number,
): { start: number; count: number; parts: number[] }[] {
  const out: { start: number; count: number; parts: number[] }[] = [];
  let cur: number[] = [];
  const flush = (): void => {
    const first = cur[0];
    if (first !== undefined) out.push({ start: first - 1, count: cur.length, parts: cur });
    cur = [];
  };
  for (const p of parts) {
    const last = cur[cur.length - 1];
    if (last !== undefined && (p !== last + 1 || cur.length >= max)) flush();
    cur.push(p);
  }
  flush();
  return out;
}
