// The measured speed of one upload stream, from real part timings: what adaptivePartSize sizes
// parts by. It is journaled (when it moves by a quarter or more), so a run killed before its
// first part finished still starts the next one with parts that fit the line, and a line that
// drops every few seconds converges instead of losing whole big parts on every run.

/** Weight of a new sample: a few parts are enough to follow a line that changed. */
const ALPHA = 0.4;
/** Journal again when the estimate moved by this fraction since the last record. */
const PERSIST_CHANGE = 0.25;

export interface StreamRateOptions {
  /** The rate a journal remembered, if any. */
  initial?: number;
  /** Parts shorter than this (final parts of small files) are all latency and say nothing. */
  minSampleBytes: number;
  /** A part running this long below the estimate lowers it before it ends. */
  slowAfterMs: number;
  persist: (bytesPerSecond: number) => void;
}

export class StreamRate {
  private estimate: number | undefined;
  private persisted: number | undefined;

  constructor(private readonly o: StreamRateOptions) {
    if (o.initial !== undefined && o.initial > 0) {
      this.estimate = o.initial;
      this.persisted = o.initial;
    }
  }

  get bytesPerSecond(): number | undefined {
    return this.estimate;
  }

  /** A part was acknowledged after `ms` of sending `bytes`. */
  partDone(bytes: number, ms: number): void {
    if (bytes < this.o.minSampleBytes || ms <= 0) return;
    this.sample((bytes * 1000) / ms, false);
  }

  /**
   * A part still sending: after slowAfterMs, its average so far caps the estimate (a collapsed
   * line shows here long before the part ends, or the process is killed first).
   */
  partProgress(sentBytes: number, ms: number): void {
    if (ms < this.o.slowAfterMs) return;
    const rate = (sentBytes * 1000) / ms;
    if (this.estimate !== undefined && rate >= this.estimate) return;
    this.sample(rate, true);
  }

  private sample(rate: number, cap: boolean): void {
    if (!(rate > 0) || !Number.isFinite(rate)) return;
    const prev = this.estimate;
    this.estimate = prev === undefined || cap ? rate : prev + ALPHA * (rate - prev);
    const last = this.persisted;
    if (last === undefined || Math.abs(this.estimate - last) >= PERSIST_CHANGE * last) {
      this.persisted = this.estimate;
      this.o.persist(Math.round(this.estimate));
    }
  }
}
