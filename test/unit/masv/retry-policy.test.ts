// Fakes here are async only to match the interfaces they stand in for.
/* eslint-disable @typescript-eslint/require-await */
import { describe, expect, it } from 'vitest';
import { decide, runWithRetry } from '../../../electron/masv/retry-policy';
import { masvError, MasvError } from '../../../electron/masv/errors';

const half = (): number => 0.5;
const one = (): number => 0.999999;

describe('decide', () => {
  it('retries transient errors with full-jitter exponential backoff, capped', () => {
    const e = masvError('server-error');
    expect(decide(e, 1, one)).toEqual({ kind: 'retry', delayMs: 499 });
    expect(decide(e, 2, one)).toEqual({ kind: 'retry', delayMs: 999 });
    expect(decide(e, 3, half)).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(decide(e, 30, one)).toEqual({ kind: 'retry', delayMs: 29_999 });
    expect(decide(e, 5, () => 0)).toEqual({ kind: 'retry', delayMs: 0 });
  });

  it.each(['network', 'timeout', 'stalled', 'rate-limited', 'server-error'] as const)(
    '%s is retryable',
    (code) => {
      expect(decide(masvError(code), 1, half).kind).toBe('retry');
    },
  );

  it.each([
    'auth-rejected',
    'not-found',
    'conflict',
    'bad-request',
    'source-changed',
    'aborted',
    'access-code-required',
  ] as const)('%s is fatal', (code) => {
    expect(decide(masvError(code), 1, half)).toEqual({ kind: 'fatal' });
  });

  it('honours Retry-After (plus a little jitter) and caps absurd values', () => {
    const e = masvError('rate-limited', { retryAfterMs: 3000 });
    const d = decide(e, 1, () => 0);
    expect(d).toEqual({ kind: 'retry', delayMs: 3000 });
    expect(decide(masvError('rate-limited', { retryAfterMs: 10 * 3600_000 }), 1, () => 0)).toEqual({
      kind: 'retry',
      delayMs: 120_000,
    });
  });

  it('a storage 403 means: get a fresh URL (immediately the first time)', () => {
    expect(decide(masvError('url-expired'), 1, one)).toEqual({ kind: 'refresh-url', delayMs: 0 });
    expect(decide(masvError('url-expired'), 3, half).kind).toBe('refresh-url');
  });

  it('unknown (non-MASV) errors are fatal: bugs must not loop', () => {
    expect(decide(new TypeError('x'), 1, half)).toEqual({ kind: 'fatal' });
  });
});

describe('runWithRetry', () => {
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };

  it('retries until success and reports each retry', async () => {
    const seen: string[] = [];
    let n = 0;
    const out = await runWithRetry(
      async (attempt) => {
        n++;
        if (attempt < 3) throw masvError('server-error');
        return 'ok';
      },
      {
        sleep,
        random: half,
        maxAttempts: 5,
        onRetry: (i) => seen.push(`${i.attempt}:${i.error.code}`),
      },
    );
    expect(out).toBe('ok');
    expect(n).toBe(3);
    expect(seen).toEqual(['1:server-error', '2:server-error']);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let n = 0;
    await expect(
      runWithRetry(
        async () => {
          n++;
          throw masvError('network');
        },
        { sleep, random: half, maxAttempts: 4 },
      ),
    ).rejects.toMatchObject({ code: 'network' });
    expect(n).toBe(4);
  });

  it('does not retry fatal errors', async () => {
    let n = 0;
    await expect(
      runWithRetry(
        async () => {
          n++;
          throw masvError('auth-rejected');
        },
        { sleep, random: half, maxAttempts: 4 },
      ),
    ).rejects.toBeInstanceOf(MasvError);
    expect(n).toBe(1);
  });

  it('calls refresh before retrying an expired URL', async () => {
    const calls: string[] = [];
    await runWithRetry(
      async (attempt) => {
        calls.push(`op${attempt}`);
        if (attempt === 1) throw masvError('url-expired');
      },
      { sleep, random: half, maxAttempts: 3, refresh: async () => void calls.push('refresh') },
    );
    expect(calls).toEqual(['op1', 'refresh', 'op2']);
  });

  it('stops at once when the signal is aborted', async () => {
    const ac = new AbortController();
    let n = 0;
    const p = runWithRetry(
      async () => {
        n++;
        ac.abort();
        throw masvError('network');
      },
      { sleep, random: half, maxAttempts: 10, signal: ac.signal },
    );
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    expect(n).toBe(1);
  });
});
