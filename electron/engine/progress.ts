// Smoothed rate/ETA and a publisher that coalesces byte progress (a few pushes per second per
// transfer) while pushing state changes at once, each with a per-transfer sequence number.
import type { TransferEvent, TransferSnapshot } from '../../shared/transfers';
import type { Clock } from './clock';

export interface RateMeterOptions {
  clock: Pick<Clock, 'now'>;
  /** Time constant of the exponential smoothing (default 5 s, like a "recent speed"). */
  tauMs?: number;
  /** Samples closer together than this are merged (avoids noisy instant rates). */
  minSampleMs?: number;
}

export class RateMeter {
  private readonly clock: Pick<Clock, 'now'>;
  private readonly tauMs: number;
  private readonly minSampleMs: number;
  private lastAt: number | null = null;
  private lastBytes = 0;
  private smoothed = 0;
  private primed = false;

  constructor(opts: RateMeterOptions) {
    this.clock = opts.clock;
    this.tauMs = opts.tauMs ?? 5000;
    this.minSampleMs = opts.minSampleMs ?? 200;
  }

  /** Feed the running total of bytes done. */
  sample(bytesDone: number): void {
    const now = this.clock.now();
    if (this.lastAt === null) {
      this.lastAt = now;
      this.lastBytes = bytesDone;
      return;
    }
    const dt = now - this.lastAt;
    if (dt < this.minSampleMs) return;
    const instant = (Math.max(0, bytesDone - this.lastBytes) * 1000) / dt;
    if (!this.primed) {
      this.smoothed = instant;
      this.primed = true;
    } else {
      const alpha = 1 - Math.exp(-dt / this.tauMs);
      this.smoothed += alpha * (instant - this.smoothed);
    }
    this.lastAt = now;
    this.lastBytes = bytesDone;
  }

  /** Bytes per second; decays towards 0 when samples stop arriving (a stalled transfer). */
  rate(): number {
    if (!this.primed || this.lastAt === null) return 0;
    const idle = this.clock.now() - this.lastAt;
    if (idle <= this.minSampleMs * 5) return this.smoothed;
    return this.smoothed * Math.exp(-(idle - this.minSampleMs * 5) / this.tauMs);
  }

  /** Seconds left, or null when the rate is unknown or zero. */
  eta(remainingBytes: number): number | null {
    if (remainingBytes <= 0) return 0;
    const r = this.rate();
    return r > 1 ? Math.ceil(remainingBytes / r) : null;
  }

  /** Forget history (after pause/resume the old speed means nothing). */
  reset(): void {
    this.lastAt = null;
    this.lastBytes = 0;
    this.smoothed = 0;
    this.primed = false;
  }
}

export interface ProgressPublisherOptions {
  clock: Clock;
  emit: (event: TransferEvent) => void;
  /** Minimum gap between progress pushes of one transfer (default 250 ms = 4/s). */
  intervalMs?: number;
}

type SnapshotSource = () => Omit<TransferSnapshot, 'seq'>;

/** One per transfer. */
export class ProgressPublisher {
  private seq = 0;
  private lastProgressAt = -Infinity;
  private pending: AbortController | null = null;
  private readonly intervalMs: number;

  constructor(
    private readonly source: SnapshotSource,
    private readonly opts: ProgressPublisherOptions,
  ) {
    this.intervalMs = opts.intervalMs ?? 250;
  }

  /** The latest snapshot with the current sequence number (for list()/get()). */
  current(): TransferSnapshot {
    return { ...this.source(), seq: this.seq };
  }

  /** A state change: pushed immediately, and it supersedes any pending progress push. */
  state(): void {
    this.cancelPending();
    this.push('state');
  }

  /** Bytes moved: pushed now if the last push is old enough, else once at the next slot. */
  progress(): void {
    if (this.pending) return;
    const wait = this.lastProgressAt + this.intervalMs - this.opts.clock.now();
    if (wait <= 0) {
      this.push('progress');
      return;
    }
    const ac = new AbortController();
    this.pending = ac;
    this.opts.clock.sleep(wait, ac.signal).then(
      () => {
        if (this.pending !== ac) return;
        this.pending = null;
        this.push('progress');
      },
      () => {
        // Cancelled by a state push or dispose.
      },
    );
  }

  dispose(): void {
    this.cancelPending();
  }

  private cancelPending(): void {
    this.pending?.abort();
    this.pending = null;
  }

  private push(type: 'state' | 'progress'): void {
    this.seq++;
    this.lastProgressAt = this.opts.clock.now();
    this.opts.emit({ type, snapshot: { ...this.source(), seq: this.seq } });
  }
}
