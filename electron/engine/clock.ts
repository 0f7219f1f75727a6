// Time as a dependency: the engine never calls Date.now or setTimeout directly, so tests can
// drive limiter, progress and retry timing with a fake clock.
import { abortedError } from '../masv/errors';

export interface Clock {
  /** Monotonic-enough milliseconds. */
  now: () => number;
  /** Resolves after ms; rejects with an 'aborted' MasvError when the signal fires. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type Sleep = Clock['sleep'];

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: realSleep,
};
