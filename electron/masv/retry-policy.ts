// Pure retry policy: what is worth retrying, how long to wait (exponential backoff with full
// jitter, Retry-After honoured), and when a storage 403 means "fetch a fresh URL".
import { abortedError, isMasvError } from './errors';
import type { MasvError } from './errors';

export type RetryDecision =
  { kind: 'retry'; delayMs: number } | { kind: 'refresh-url'; delayMs: number } | { kind: 'fatal' };

export interface RetryPolicyOptions {
  /** First backoff step. */
  baseMs: number;
  /** Longest backoff step (before jitter). */
  capMs: number;
  /** A server asking for more than this is treated as this (a stuck transfer helps nobody). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  baseMs: 500,
  capMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** How the MASV client retries its API calls (parts and ranges are retried by the engine). */
export interface RetryOptions {
  maxAttempts: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  policy?: RetryPolicyOptions;
}

/** Attempts per API call: six spans about 15 s of backoff at the default policy. */
export const API_CALL_ATTEMPTS = 6;

/**
 * The one retry set-up of API calls, for the engine's client and for the CLI's direct calls
 * (login, teams, portals) alike, so a blip fails neither of them sooner than the other.
 */
export function apiRetryOptions(o: {
  sleep: RetryOptions['sleep'];
  random?: () => number;
  policy?: RetryPolicyOptions;
}): RetryOptions {
  return {
    maxAttempts: API_CALL_ATTEMPTS,
    sleep: o.sleep,
    random: o.random ?? Math.random,
    policy: o.policy ?? DEFAULT_RETRY_POLICY,
  };
}

/**
 * @param attempt 1-based number of the attempt that just failed.
 * @param random  a function returning [0, 1), injected so tests are deterministic.
 */
export function decide(
  error: unknown,
  attempt: number,
  random: () => number,
  opts: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
): RetryDecision {
  if (!isMasvError(error) || !error.retryable || error.code === 'aborted') return { kind: 'fatal' };
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  if (error.code === 'url-expired') {
    // A fresh URL fixes it; waiting is only needed if fresh URLs keep failing.
    return { kind: 'refresh-url', delayMs: attempt <= 1 ? 0 : jittered };
  }
  if (error.retryAfterMs !== undefined) {
    const asked = Math.min(error.retryAfterMs, opts.maxRetryAfterMs);
    // A little jitter on top so parallel workers don't return in lock-step.
    return { kind: 'retry', delayMs: asked + Math.floor(random() * Math.min(1000, opts.baseMs)) };
  }
  return { kind: 'retry', delayMs: jittered };
}

export interface RetryInfo {
  attempt: number;
  error: MasvError;
  delayMs: number;
  kind: 'retry' | 'refresh-url';
}

export interface RunWithRetryOptions {
  signal?: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  maxAttempts: number;
  policy?: RetryPolicyOptions;
  onRetry?: (info: RetryInfo) => void;
  /** Called before the next attempt when the policy says the URL must be renewed. */
  refresh?: (error: MasvError) => Promise<void>;
}

/** Runs op until it succeeds, the policy says fatal, attempts run out, or the signal fires. */
export async function runWithRetry<T>(
  op: (attempt: number) => Promise<T>,
  opts: RunWithRetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw abortedError();
    try {
      return await op(attempt);
    } catch (e) {
      if (opts.signal?.aborted) throw abortedError();
      const d = decide(e, attempt, opts.random, opts.policy);
      if (d.kind === 'fatal' || attempt >= opts.maxAttempts) throw e;
      const err = e as MasvError;
      opts.onRetry?.({ attempt, error: err, delayMs: d.delayMs, kind: d.kind });
      if (d.delayMs > 0) await opts.sleep(d.delayMs, opts.signal);
      if (d.kind === 'refresh-url') await opts.refresh?.(err);
    }
  }
}
