// Detects a request whose body stopped moving: no bytes for `timeoutMs` (and not merely waiting
// for bandwidth allowance or the disk) means a dead connection that TCP may not notice for
// minutes. It calls onStall once, typically aborting that one attempt so the retry policy
// sends it again (part PUTs from the start of the part, ranged GETs from the last written byte).
//
//   const wd = watchStall({ clock, timeoutMs, onStall: () => attemptAc.abort(), busy: () => waiting });
//   … wd.touch() whenever bytes move …
//   finally { await wd.stop(); }   and in catch: if (wd.stalled) throw stalledError(…)
import { masvError } from '../masv/errors';
import type { MasvError } from '../masv/errors';
import type { Clock } from './clock';

export interface StallWatchdogOptions {
  clock: Clock;
  timeoutMs: number;
  onStall: () => void;
  /** True while the transfer waits on purpose (bandwidth limit, disk write): not a stall. */
  busy?: () => boolean;
}

export interface StallWatchdog {
  /** Bytes moved just now. */
  touch(): void;
  /** True once the watchdog fired. */
  readonly stalled: boolean;
  /** Ends the watch (always call it, in `finally`). */
  stop(): Promise<void>;
}

/** How often the watchdog looks: a quarter of the timeout, between 50 ms and 1 s. */
function checkIntervalMs(timeoutMs: number): number {
  return Math.max(50, Math.min(1000, timeoutMs / 4));
}

export function watchStall(o: StallWatchdogOptions): StallWatchdog {
  let last = o.clock.now();
  let stalled = false;
  const stopAc = new AbortController();
  const loop = (async () => {
    for (;;) {
      await o.clock.sleep(checkIntervalMs(o.timeoutMs), stopAc.signal);
      if (o.busy?.()) last = o.clock.now();
      if (o.clock.now() - last > o.timeoutMs) {
        stalled = true;
        o.onStall();
        return;
      }
    }
  })().catch(() => undefined);
  return {
    touch: () => {
      last = o.clock.now();
    },
    get stalled() {
      return stalled;
    },
    stop: async () => {
      stopAc.abort();
      await loop;
    },
  };
}

/** The retryable error an attempt ends with when its watchdog fired. */
export function stalledError(what: string, timeoutMs: number): MasvError {
  return masvError('stalled', { detail: `${what}: no progress for ${timeoutMs} ms` });
}
