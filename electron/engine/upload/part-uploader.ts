// Sends one part with retries: fresh URL on storage 403, backoff with jitter on network errors,
// 5xx and 429, a watchdog that aborts an attempt when no bytes move for stallTimeoutMs, a check
// that the source file did not change, and (optionally) ETag == MD5 verification.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { fromFsError, isMasvError, masvError } from '../../masv/errors';
import type { EngineDeps } from '../deps';
import { runWithRetry } from '../../masv/retry-policy';
import { stalledError, watchStall } from '../stall-watchdog';
import { openPartBody } from './part-body';
import type { PartBody } from './part-body';
import { bufferBody, readPartBuffer, sameAsPlanned, sourceChanged } from './part-buffer';
import type { PlannedSource } from './part-buffer';
import type { UploadFile } from './upload-model';
import { filePath } from './upload-model';
import type { PartRange } from './part-layout';
import type { StreamRate } from './stream-rate';
import type { PartUrlSupply } from './url-supply';

export interface PartUploadContext {
  deps: EngineDeps;
  verifyEtags: boolean;
  /** Progress in bytes; negative to roll back a failed attempt. */
  onBytes: (f: UploadFile, delta: number) => void;
  /** Told how fast each attempt moves (it sizes the parts that follow). */
  rate: StreamRate;
}

export async function uploadPart(
  ctx: PartUploadContext,
  f: UploadFile,
  part: PartRange,
  supply: PartUrlSupply,
  signal: AbortSignal,
): Promise<string> {
  const { deps } = ctx;
  const { partNumber, start, length } = part;
  const label = filePath(f);
  // Parts that fit in one read go from memory (read and checked once, resent as-is on retry).
  const small = length > 0 && length <= deps.settings.readHighWaterMark;
  let bytes: Buffer | undefined;
  let bytesMd5: string | undefined;
  const sent = runWithRetry(
    async (attempt) => {
      if (small && !bytes) {
        bytes = await readPartBuffer(source(f), start, length, deps.partBuffers);
        if (ctx.verifyEtags) bytesMd5 = createHash('md5').update(bytes).digest('hex');
      }
      const bp = await supply.get(partNumber, signal);
      let sent = 0;
      const began = deps.clock.now();
      const attemptAc = new AbortController();
      const onParent = (): void => attemptAc.abort();
      signal.addEventListener('abort', onParent, { once: true });
      const progress = (n: number): void => {
        sent += n;
        watchdog.touch();
        ctx.onBytes(f, n);
        ctx.rate.partProgress(sent, deps.clock.now() - began);
      };
      let waiting = false;
      const body: PartBody = bytes
        ? { stream: bufferBody(bytes), digest: () => bytesMd5, throttled: () => waiting }
        : openPartBody({
            path: f.absPath,
            label,
            start,
            length,
            highWaterMark: deps.settings.readHighWaterMark,
            limiter: deps.uploadLimiter,
            signal: attemptAc.signal,
            md5: ctx.verifyEtags,
            onBytes: progress,
          });
      const stallMs = deps.settings.stallTimeoutMs;
      const watchdog = watchStall({
        clock: deps.clock,
        timeoutMs: stallMs,
        onStall: () => attemptAc.abort(),
        busy: () => body.throttled(),
      });
      try {
        if (bytes) {
          if (deps.uploadLimiter.bytesPerSecond !== null) {
            waiting = true;
            await deps.uploadLimiter
              .take(length, attemptAc.signal)
              .finally(() => (waiting = false));
          }
          progress(length);
        }
        const etag = await deps.client.putPart(
          bp,
          body.stream,
          length,
          attemptAc.signal,
          attempt - 1,
        );
        if (ctx.verifyEtags) checkEtag(etag, body.digest(), label, partNumber);
        // Streamed bytes were read during the PUT: check the file afterwards. Buffered ones
        // were checked on the open file when they were read.
        if (!bytes) await assertUnchanged(f);
        ctx.rate.partDone(length, deps.clock.now() - began);
        return etag;
      } catch (e) {
        ctx.onBytes(f, -sent);
        if (!body.stream.destroyed) body.stream.destroy();
        if (watchdog.stalled && !signal.aborted)
          throw stalledError(`${label} part ${partNumber}`, stallMs);
        if (isMasvError(e) && e.code === 'url-expired') supply.invalidate(partNumber);
        // A failed read may be a file that shrank or was replaced: report that, not a network error.
        if (!bytes && !signal.aborted) await assertUnchanged(f);
        throw e;
      } finally {
        await watchdog.stop();
        signal.removeEventListener('abort', onParent);
      }
    },
    {
      signal,
      sleep: deps.clock.sleep,
      random: deps.random,
      maxAttempts: deps.settings.partAttempts,
      policy: deps.settings.retry,
      onRetry: (info) =>
        deps.logger.info('retrying part', {
          file: label,
          part: partNumber,
          attempt: info.attempt,
          code: info.error.code,
          detail: info.error.detail,
          delayMs: info.delayMs,
        }),
    },
  );
  try {
    return await sent;
  } finally {
    // Every attempt has ended (answered or torn down): the bytes can be reused.
    if (bytes) deps.partBuffers?.give(bytes);
  }
}

function source(f: UploadFile): PlannedSource {
  return { path: f.absPath, label: filePath(f), size: f.size, mtimeMs: f.mtimeMs };
}

/** S3 part ETags are the quoted hex MD5 of the part; other forms cannot be checked. */
function checkEtag(etag: string, md5: string | undefined, label: string, partNumber: number): void {
  const bare = etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  if (md5 === undefined || !/^[0-9a-f]{32}$/.test(bare)) return;
  if (bare !== md5) {
    throw masvError('integrity', {
      message: `${label}: the data stored for part ${partNumber} does not match what was read`,
      detail: `etag ${bare} != md5 ${md5}`,
      retryable: true,
    });
  }
}

/** Size or modification time moved since planning: never mix old and new bytes in one file. */
export async function assertUnchanged(f: UploadFile): Promise<void> {
  let st;
  try {
    st = await stat(f.absPath);
  } catch (e) {
    throw fromFsError(e, filePath(f), 'read');
  }
  if (!sameAsPlanned(st, source(f))) throw sourceChanged(filePath(f));
}
