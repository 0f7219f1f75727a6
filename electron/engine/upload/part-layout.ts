// Where each part of a file lies when parts may differ in size (chunk-plan.ts adaptivePartSize).
// Only acknowledged parts are journaled, each with its own range; everything else is derived:
//   - holes: part numbers below the highest acknowledged one that are missing (they were in
//     flight when the last run stopped). Their bytes are the gap between the acknowledged
//     neighbours, split evenly, so each hole stays at least the minimum size its original had;
//   - the tail: the bytes after the highest acknowledged part, cut into new parts as they start,
//     each sized from the rate measured at that moment.
// Deterministic: the same acknowledged parts and sizing give the same layout.

export interface PartRange {
  partNumber: number;
  start: number;
  /** Bytes in the part (0 only for the one part of an empty file). */
  length: number;
}

export interface AckedRange {
  start: number;
  length: number;
}

/** Picks the size of the next tail part from what is left and the part numbers still free. */
export type TailSizer = (remaining: number, numbersLeft: number) => number;

export class LayoutError extends Error {}

export class PartLayout {
  private readonly holes: PartRange[] = [];
  private tailNext: number;
  private tailStart: number;
  /** Empty files send one empty part; this is whether it was handed out. */
  private emptyGiven = false;

  /**
   * @param acked acknowledged parts by number (from the journal).
   * @throws LayoutError when they overlap, leave a gap no hole can fill, or run past the file.
   */
  constructor(
    private readonly size: number,
    acked: ReadonlyMap<number, AckedRange>,
    private readonly maxPartNumber: number,
  ) {
    const numbers = [...acked.keys()].sort((a, b) => a - b);
    let prevNumber = 0;
    let prevEnd = 0;
    for (const n of numbers) {
      const r = acked.get(n) as AckedRange;
      if (r.start < prevEnd || r.length < 0 || r.start + r.length > size)
        throw new LayoutError(`part ${n} overlaps its neighbours or the end of the file`);
      this.addHoles(prevNumber, prevEnd, n, r.start);
      prevNumber = n;
      prevEnd = r.start + r.length;
    }
    this.tailNext = prevNumber + 1;
    this.tailStart = prevEnd;
    if (size === 0 && acked.size > 0) this.emptyGiven = true;
  }

  private addHoles(afterNumber: number, gapStart: number, beforeNumber: number, gapEnd: number) {
    const k = beforeNumber - afterNumber - 1;
    const gap = gapEnd - gapStart;
    if (k === 0) {
      if (gap !== 0) throw new LayoutError(`bytes ${gapStart}-${gapEnd} belong to no part`);
      return;
    }
    if (gap <= 0)
      throw new LayoutError(`parts ${afterNumber + 1}-${beforeNumber - 1} hold no bytes`);
    const each = Math.floor(gap / k);
    for (let i = 0; i < k; i++) {
      const start = gapStart + i * each;
      const length = i === k - 1 ? gapEnd - start : each;
      this.holes.push({ partNumber: afterNumber + 1 + i, start, length });
    }
  }

  /** The next part to send: holes first (lowest number first), then a new tail part. */
  next(sizer: TailSizer): PartRange | null {
    const hole = this.holes.shift();
    if (hole) return hole;
    if (this.size === 0) {
      if (this.emptyGiven) return null;
      this.emptyGiven = true;
      return { partNumber: 1, start: 0, length: 0 };
    }
    const remaining = this.size - this.tailStart;
    if (remaining <= 0) return null;
    const numbersLeft = this.maxPartNumber - this.tailNext + 1;
    if (numbersLeft < 1) throw new LayoutError('the file needs more parts than the server allows');
    const length = Math.min(remaining, Math.max(1, sizer(remaining, numbersLeft)));
    const part = { partNumber: this.tailNext, start: this.tailStart, length };
    this.tailNext++;
    this.tailStart += length;
    return part;
  }

  /** Parts still to hand out if the tail were cut at `partSize` (for lanes and URL batches). */
  expectedParts(partSize: number): number {
    const tail = this.size - this.tailStart;
    const tailParts = this.size === 0 ? (this.emptyGiven ? 0 : 1) : Math.ceil(tail / partSize);
    return this.holes.length + Math.max(0, tailParts);
  }

  /** The highest part number likely to be used if the tail were cut at `partSize`. */
  expectedLastNumber(partSize: number): number {
    const tail = this.size - this.tailStart;
    const tailParts = this.size === 0 ? (this.emptyGiven ? 0 : 1) : Math.ceil(tail / partSize);
    const lastHole = this.holes[this.holes.length - 1]?.partNumber ?? 0;
    return Math.min(this.maxPartNumber, Math.max(lastHole, this.tailNext - 1 + tailParts));
  }

  /** The number next() would hand out now, or null when nothing is left. */
  peekNumber(): number | null {
    if (this.exhausted) return null;
    return this.holes[0]?.partNumber ?? this.tailNext;
  }

  /** Part numbers of the holes and of the next `tailCount` tail parts, ascending. */
  upcomingNumbers(tailCount: number): number[] {
    const out = this.holes.map((h) => h.partNumber);
    const last = Math.min(this.maxPartNumber, this.tailNext + tailCount - 1);
    for (let n = this.tailNext; n <= last; n++) out.push(n);
    return out;
  }

  /** Nothing left to hand out. */
  get exhausted(): boolean {
    if (this.holes.length > 0) return false;
    if (this.size === 0) return this.emptyGiven;
    return this.tailStart >= this.size;
  }
}

/** Acknowledged parts must cover the file as parts 1…N with no gap before it can be finalized. */
export function coversFile(size: number, acked: ReadonlyMap<number, AckedRange>): boolean {
  let end = 0;
  for (let n = 1; n <= acked.size; n++) {
    const r = acked.get(n);
    if (!r || r.start !== end) return false;
    end = r.start + r.length;
  }
  return acked.size > 0 && end === size;
}
