// A global concurrency limit shared by every file of every transfer (part PUTs/GETs in one
// pool, control calls in another). The limit can change at run time; waiting work can be
// abandoned through its AbortSignal without ever taking a slot.
import { abortedError } from '../masv/errors';

interface Waiter {
  start: () => void;
  fail: () => void;
}

/**
 * Waiters queued under one signal share a single abort listener. Thousands of files wait on the
 * same job signal; a listener each made every add/remove on that signal (Node's EventTarget
 * scans its list) and every request's own abort listener on it cost O(waiters).
 */
interface SignalWaiters {
  waiters: Set<Waiter>;
  onAbort: () => void;
}

export class WorkPool {
  private limit: number;
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly bySignal = new Map<AbortSignal, SignalWaiters>();

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
      const waiter: Waiter = {
        start: () => {
          if (signal) this.unwatch(signal, waiter);
          resolve();
        },
        fail: () => reject(abortedError()),
      };
      if (signal) this.watch(signal, waiter);
      this.queue.push(waiter);
    });
  }

  private watch(signal: AbortSignal, waiter: Waiter): void {
    let entry = this.bySignal.get(signal);
    if (!entry) {
      const created: SignalWaiters = {
        waiters: new Set(),
        onAbort: () => {
          this.bySignal.delete(signal);
          this.dropQueued(created.waiters);
          for (const w of created.waiters) w.fail();
        },
      };
      entry = created;
      this.bySignal.set(signal, entry);
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
    entry.waiters.add(waiter);
  }

  /** One pass over the queue, however many waiters an abort cancels. */
  private dropQueued(gone: Set<Waiter>): void {
    let kept = 0;
    for (const w of this.queue) if (!gone.has(w)) this.queue[kept++] = w;
    this.queue.length = kept;
  }

  private unwatch(signal: AbortSignal, waiter: Waiter): void {
    const entry = this.bySignal.get(signal);
    if (!entry) return;
    entry.waiters.delete(waiter);
    if (entry.waiters.size > 0) return;
    this.bySignal.delete(signal);
    signal.removeEventListener('abort', entry.onAbort);
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
