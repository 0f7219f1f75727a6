// A global concurrency limit shared by every file of every transfer (part PUTs/GETs in one
// pool, control calls in another). The limit can change at run time; waiting work can be
// abandoned through its AbortSignal without ever taking a slot.
import { abortedError } from '../masv/errors';

interface Waiter {
  start: () => void;
  cancel: () => void;
}

export class WorkPool {
  private limit: number;
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(limit: number) {
    this.limit = WorkPool.clamp(limit);
  }

  private static clamp(n: number): number {
    return Math.max(1, Math.floor(Number.isFinite(n) ? n : 1));
  }

  get concurrency(): number {
    return this.limit;
  }

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Raising the limit starts queued work at once; lowering it lets running work finish. */
  setConcurrency(n: number): void {
    this.limit = WorkPool.clamp(n);
    this.pump();
  }

  /** Runs fn when a slot is free; rejects with 'aborted' if the signal fires while queued. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.running--;
      this.pump();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (this.running < this.limit && this.queue.length === 0) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortedError());
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: onAbort,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private pump(): void {
    while (this.running < this.limit && this.queue.length > 0) {
      const next = this.queue.shift();
      if (!next) break;
      this.running++;
      next.start();
    }
  }
}
