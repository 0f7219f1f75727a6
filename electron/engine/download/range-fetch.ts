// Fetches one byte range of a storage object into its place in the .part file, resuming from
// the last written byte after a reset or a stall (no bytes for stallTimeoutMs: the shared
// watchdog aborts the attempt), renewing the URL on a storage 403, and coping with a server
// that ignores Range (200 with the whole body: skip to the needed offset).
import type { FileHandle } from 'node:fs/promises';
import type { RangeResult } from '../../masv/storage';
import { isMasvError, masvError } from '../../masv/errors';
import { mapNetworkError } from '../../masv/http';
import type { BandwidthLimiter } from '../bandwidth-limiter';
import type { Clock } from '../clock';
import { runWithRetry } from '../../masv/retry-policy';
import { stalledError, watchStall } from '../stall-watchdog';
import type { RetryInfo } from '../../masv/retry-policy';
import type { DirectTarget } from './direct-io';
import type { DurableRanges } from './durable-ranges';
import { PositionalWriter } from './positional-writer';
import type { FileWriteQueue } from './positional-writer';
import type { ByteRange } from './range-set';

export interface RangeSource {
  getObjectRange(
    url: string,
    range: { start: number; end?: number },
    signal?: AbortSignal,
    retries?: number,
  ): Promise<RangeResult>;
}

export interface RangeFetchContext {
  source: RangeSource;
  /** The file's current pre-signed URL. */
  url(): string;
  /** Renews the URL unless someone already replaced `stale`. */
  refreshUrl(stale: string): Promise<void>;
  fh: FileHandle;
  /** For messages only (no secrets): the final relative path. */
  where: string;
  limiter: BandwidthLimiter;
  signal: AbortSignal;
  clock: Clock;
  random: () => number;
  /** No body bytes for this long: abort the attempt and retry from the last written byte. */
  stallTimeoutMs: number;
  maxAttempts: number;
  /** Minimum write batch (>= 1 MiB). */
  writeBatchBytes: number;
  /** The file's background fdatasync + journal of written bytes (shared by its ranges). */
  durable: DurableRanges;
  /** One write at a time to the file (shared by its ranges). */
  writes: FileWriteQueue;
  /** O_DIRECT handle on the same file and its aligned buffers, when available. */
  direct?: DirectTarget;
  /** Checks the object's size/ETag on every answer; throws to stop. */
  onResponse(res: RangeResult): void;
  /** The server answered 200 to a ranged request. */
  onRangeIgnored(): void;
  /** Bytes just written to the file (for progress). */
  onWritten(bytes: number): void;
  onRetry?: (info: RetryInfo) => void;
}

/** Upper bound on rounds that each made progress before failing (a flaky but moving link). */
const MAX_PROGRESS_ROUNDS = 1000;

export async function fetchRange(ctx: RangeFetchContext, range: ByteRange): Promise<void> {
  let pos = range.start;
  /** The URL that drew a 403, so concurrent ranges renew it once. */
  let staleUrl: string | undefined;

  const once = async (attempt: number): Promise<void> => {
    const attemptAc = new AbortController();
    const signal = AbortSignal.any([ctx.signal, attemptAc.signal]);
    let waiting = false;
    const watchdog = watchStall({
      clock: ctx.clock,
      timeoutMs: ctx.stallTimeoutMs,
      onStall: () => attemptAc.abort(),
      busy: () => waiting,
    });
    try {
      await attemptOnce(attempt, signal, {
        touch: () => watchdog.touch(),
        wait: async (op) => {
          waiting = true;
          try {
            await op();
          } finally {
            waiting = false;
            watchdog.touch();
          }
        },
      });
    } catch (e) {
      if (watchdog.stalled && !ctx.signal.aborted)
        throw stalledError(`${ctx.where} bytes from ${pos}`, ctx.stallTimeoutMs);
      throw e;
    } finally {
      await watchdog.stop();
    }
  };

  /** One GET; `activity.wait` marks deliberate waits (bandwidth, disk) that are not a stall. */
  const attemptOnce = async (
    attempt: number,
    signal: AbortSignal,
    activity: { touch: () => void; wait: (op: () => Promise<void>) => Promise<void> },
  ): Promise<void> => {
    const url = ctx.url();
    let res: RangeResult;
    try {
      res = await ctx.source.getObjectRange(
        url,
        { start: pos, end: range.end - 1 },
        signal,
        attempt - 1,
      );
    } catch (e) {
      if (isMasvError(e) && e.code === 'url-expired') staleUrl = url;
      throw e;
    }
    let skip = 0;
    try {
      ctx.onResponse(res);
      if (res.status === 200) {
        ctx.onRangeIgnored();
        skip = pos;
      } else {
        const start = /bytes\s+(\d+)-/.exec(res.contentRange ?? '')?.[1];
        if (start === undefined || Number(start) !== pos) {
          throw masvError('invalid-response', {
            detail: `asked bytes from ${pos}, storage sent ${res.contentRange ?? 'no Content-Range'}`,
            retryable: true,
          });
        }
      }
    } catch (e) {
      res.body.destroy();
      throw e;
    }
    const onFlushed = (s: number, e: number): void => {
      pos = e;
      ctx.durable.written(s, e);
      ctx.onWritten(e - s);
    };
    const writer = new PositionalWriter(
      ctx.fh,
      pos,
      ctx.writeBatchBytes,
      ctx.where,
      onFlushed,
      ctx.writes,
      ctx.direct,
    );
    let failure: unknown;
    try {
      for await (const raw of res.body as AsyncIterable<Buffer>) {
        activity.touch();
        let chunk = raw;
        if (skip > 0) {
          if (chunk.length <= skip) {
            skip -= chunk.length;
            continue;
          }
          chunk = chunk.subarray(skip);
          skip = 0;
        }
        const room = range.end - writer.receivedTo;
        if (chunk.length > room) chunk = chunk.subarray(0, room);
        const piece = chunk;
        // Per chunk (tens of thousands per GiB) only what is needed: the limiter still sees
        // every byte, but the stall bookkeeping around a wait only runs when a cap is set.
        if (ctx.limiter.bytesPerSecond === null) await ctx.limiter.take(piece.length, signal);
        else await activity.wait(() => ctx.limiter.take(piece.length, signal));
        ctx.durable.check();
        const full = writer.push(piece);
        if (full) await activity.wait(() => full);
        if (writer.receivedTo >= range.end) break;
      }
    } catch (e) {
      failure = e;
    } finally {
      // Stops the socket when we broke out early (a 200 body runs past the range).
      if (!res.body.destroyed) res.body.destroy();
    }
    // Keep what arrived, even when the connection broke: a retry continues from there.
    try {
      await writer.flush();
    } catch (e) {
      failure ??= e;
    }
    if (failure !== undefined)
      throw isMasvError(failure) ? failure : mapNetworkError(failure, signal, url);
    if (pos < range.end) {
      throw masvError('network', {
        detail: `storage closed the body at ${pos} of ${range.end}`,
        retryable: true,
      });
    }
  };

  try {
    for (let round = 0; pos < range.end; round++) {
      const before = pos;
      try {
        await runWithRetry(once, {
          signal: ctx.signal,
          sleep: (ms, s) => ctx.clock.sleep(ms, s),
          random: ctx.random,
          maxAttempts: ctx.maxAttempts,
          refresh: () => ctx.refreshUrl(staleUrl ?? ctx.url()),
          onRetry: (info) => ctx.onRetry?.(info),
        });
      } catch (e) {
        // Attempts ran out but bytes kept coming: the link is slow or flaky, not dead.
        if (pos > before && isMasvError(e) && e.retryable && round < MAX_PROGRESS_ROUNDS) continue;
        throw e;
      }
    }
  } catch (e) {
    // Paused or failed: whatever is written becomes durable and journaled, so a resume (even
    // after a crash later on) fetches none of it again.
    await ctx.durable.settle().catch(() => undefined);
    throw e;
  }
  // No wait for durability here: the next range starts at once, and the file's background
  // checkpoints (plus one settle once every range is in) make these bytes durable. Waiting for
  // an fdatasync at the end of every range left each connection idle for it: 0.4 s of a 2 GiB
  // download on this machine. A failure of those background syncs surfaces on the next write
  // (durable.check) or at the file's settle.
}
