// Byte ranges of one file: which are on disk, which are still to fetch. Half-open [start, end).
// Pure; the journal replays into a RangeSet and the planner cuts what is missing into parts.

export interface ByteRange {
  start: number;
  end: number;
}

/** Sorted, non-overlapping, non-adjacent ranges. */
export class RangeSet {
  private ranges: ByteRange[] = [];

  static of(ranges: readonly ByteRange[]): RangeSet {
    const set = new RangeSet();
    for (const r of ranges) set.add(r.start, r.end);
    return set;
  }

  add(start: number, end: number): void {
    if (!(end > start)) return;
    const out: ByteRange[] = [];
    let s = start;
    let e = end;
    let placed = false;
    for (const r of this.ranges) {
      if (r.end < s) out.push(r);
      else if (r.start > e) {
        if (!placed) {
          out.push({ start: s, end: e });
          placed = true;
        }
        out.push(r);
      } else {
        s = Math.min(s, r.start);
        e = Math.max(e, r.end);
      }
    }
    if (!placed) out.push({ start: s, end: e });
    this.ranges = out;
  }

  /** Bytes covered. */
  get size(): number {
    return this.ranges.reduce((n, r) => n + (r.end - r.start), 0);
  }

  list(): ByteRange[] {
    return this.ranges.map((r) => ({ ...r }));
  }

  covers(start: number, end: number): boolean {
    return this.ranges.some((r) => r.start <= start && r.end >= end);
  }

  /** The holes of [0, total). */
  missing(total: number): ByteRange[] {
    const holes: ByteRange[] = [];
    let at = 0;
    for (const r of this.ranges) {
      if (r.start >= total) break;
      if (r.start > at) holes.push({ start: at, end: r.start });
      at = Math.max(at, r.end);
    }
    if (at < total) holes.push({ start: at, end: total });
    return holes;
  }
}

/**
 * Cuts the missing bytes into parts of at most partSize, aligned to partSize boundaries so a
 * resumed download fetches the same parts it would have (and a hole never merges two parts).
 */
export function planParts(total: number, done: RangeSet, partSize: number): ByteRange[] {
  const size = Math.max(1, Math.floor(partSize));
  const parts: ByteRange[] = [];
  for (const hole of done.missing(total)) {
    let s = hole.start;
    while (s < hole.end) {
      const boundary = (Math.floor(s / size) + 1) * size;
      const e = Math.min(hole.end, boundary);
      parts.push({ start: s, end: e });
      s = e;
    }
  }
  return parts;
}
