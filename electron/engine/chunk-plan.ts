// Pure chunk planning (masv-api.md §2.0): chunk = max(preferred, ceil(size / maxChunkCount)),
// rounded up to a whole MiB, clamped to [minChunkSize, maxChunkSize]; part count =
// max(1, ceil(size / chunk)) so empty files get one part. That chunk is a file's largest part:
// adaptivePartSize picks each part's size from the measured rate below it (S3, and the local
// service, accept parts of different sizes as long as every one but the last is at least the
// minimum; the guide's uniform rule is what its own clients do, not what storage checks).
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

export interface AdaptiveSizeInput {
  /** Measured bytes per second of one stream; undefined before any part was timed. */
  bytesPerSecond: number | undefined;
  /** How long a part should take to send at that rate. */
  targetMs: number;
  /** Largest part for this file (planChunks' chunkSize): big parts where the line is fast. */
  cap: number;
  /** Bytes of the file not yet given to any part. */
  remaining: number;
  /** Part numbers still free for those bytes (max_chunk_count minus those used). */
  numbersLeft: number;
  limits: SpecLimits;
}

/**
 * The size of the next part of a file from the measured rate per stream, so that a part takes
 * about `targetMs` to send: an interruption then throws away at most that much sending per
 * stream (S3 parts are all-or-nothing), instead of whole 100 MiB parts on a slow line. Before any
 * part was timed, parts start at the minimum size (a slow start: on a fast line the first ones
 * finish in milliseconds and the next ones grow to the cap). Never below the server's minimum
 * or what the remaining numbers force, never above `cap` (unless forced) or the maximum. A tail
 * shorter than one more minimum part rides along, within the cap, instead of becoming a tiny
 * final part. Whole MiB, like every plan here, except the final part.
 */
export function adaptivePartSize(o: AdaptiveSizeInput): number {
  const { limits } = o;
  if (o.remaining <= 0) return 0;
  const numbersLeft = Math.max(1, o.numbersLeft);
  const forced = Math.ceil(o.remaining / numbersLeft / MiB) * MiB;
  const wanted =
    o.bytesPerSecond === undefined || !(o.bytesPerSecond > 0)
      ? limits.minChunkSize
      : Math.floor((o.bytesPerSecond * o.targetMs) / 1000 / MiB) * MiB;
  let size = Math.min(Math.max(wanted, limits.minChunkSize), Math.max(o.cap, limits.minChunkSize));
  size = Math.min(Math.max(size, forced), limits.maxChunkSize);
  if (o.remaining <= size) return o.remaining;
  // A short tail joins this part when that stays within the cap (so a cap at the minimum,
  // `--chunk-size 5M`, still cuts every part but the last at exactly that size).
  if (o.remaining - size < limits.minChunkSize && o.remaining <= Math.max(o.cap, forced))
    return o.remaining;
  return size;
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
