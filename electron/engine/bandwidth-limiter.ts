// A token bucket shared by every transfer of one direction. Callers take bytes before
// sending/writing them; the rate can change while transfers run (waiters re-plan at once).
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { abortedError } from '../masv/errors';
import type { Clock } from './clock';

export interface BandwidthLimiterOptions {
  /** null = unlimited. */
  bytesPerSecond: number | null;
  clock: Clock;
  /** How much unused allowance may build up, in seconds of the rate (default 0.25 s). */
  burstSeconds?: number;
}

export class BandwidthLimiter {
  private rate: number | null;
  private readonly clock: Clock;
  private readonly burstSeconds: number;
  private tokens = 0;
  private last: number;
  private tail: Promise<void> = Promise.resolve();
  private wake = new AbortController();

  constructor(opts: BandwidthLimiterOptions) {
    this.rate = normalise(opts.bytesPerSecond);
    this.clock = opts.clock;
    this.burstSeconds = opts.burstSeconds ?? 0.25;
    this.last = this.clock.now();
  }

  get bytesPerSecond(): number | null {
    return this.rate;
  }

  setRate(bytesPerSecond: number | null): void {
    this.refill();
    this.rate = normalise(bytesPerSecond);
    if (this.rate !== null) this.tokens = Math.min(this.tokens, this.burst());
    // Wake sleepers so they re-plan with the new rate.
    const old = this.wake;
    this.wake = new AbortController();
    old.abort();
  }

  /**
   * Resolves when `bytes` may be sent. Callers are served in order; the bucket may go into
   * debt by one request so a 1 MiB read never waits for a bucket smaller than itself.
   */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortedError();
    if (this.rate === null || bytes <= 0) return;
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    try {
      await waitOrAbort(prev, signal);
      for (;;) {
        if (signal?.aborted) throw abortedError();
        if (this.rate === null) return;
        this.refill();
        if (this.tokens >= 0) {
          this.tokens -= bytes;
          return;
        }
        const waitMs = Math.ceil((-this.tokens / this.rate) * 1000);
        const wake = this.wake.signal;
        const both = signal ? AbortSignal.any([signal, wake]) : wake;
        try {
          await this.clock.sleep(waitMs, both);
        } catch (e) {
          if (signal?.aborted) throw e;
          // Woken by setRate: loop and re-plan.
        }
      }
    } finally {
      release();
    }
  }

  private burst(): number {
    return this.rate === null ? 0 : Math.max(1, this.rate * this.burstSeconds);
  }

  private refill(): void {
    const now = this.clock.now();
    const dt = Math.max(0, now - this.last);
    this.last = now;
    if (this.rate === null) return;
    this.tokens = Math.min(this.burst(), this.tokens + (dt * this.rate) / 1000);
  }
}

function normalise(v: number | null): number | null {
  return v === null || !Number.isFinite(v) || v <= 0 ? null : v;
}

function waitOrAbort(p: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return p;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(abortedError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** Pipes a Readable through the limiter: each chunk waits for its allowance before flowing on. */
export function throttle(
  stream: Readable,
  limiter: BandwidthLimiter,
  signal?: AbortSignal,
): Readable {
  const t = new Transform({
    // Keep backpressure tight so throttled bytes don't pile up in memory.
    highWaterMark: 1,
    transform(chunk: Buffer, _enc, cb) {
      limiter.take(chunk.length, signal).then(
        () => cb(null, chunk),
        (e: unknown) => cb(e as Error),
      );
    },
  });
  stream.on('error', (e) => t.destroy(e));
  return stream.pipe(t);
}
