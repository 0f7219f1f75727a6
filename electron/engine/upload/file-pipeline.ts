// One file's way into the package: add file → create multipart (storage) → part URLs in
// batches → every missing part through the shared pool → finalize file. Each acknowledged step
// is journaled before the next depends on it, so a restart continues where this one stopped.
import type { Blueprint } from '../../masv/client';
import { isMasvError, masvError, MasvError } from '../../masv/errors';
import { missingParts } from '../chunk-plan';
import type { EngineDeps } from '../deps';
import { runWithRetry } from '../../masv/retry-policy';
import { runAll } from '../run-all';
import { isSignInRequired } from '../sign-in';
import type { PackageSession } from './package-session';
import { assertUnchanged, uploadPart } from './part-uploader';
import { filePath, partLength } from './upload-model';
import type { UploadFile, UploadRecord } from './upload-model';
import { PartUrlSupply } from './url-supply';

export interface FilePipelineContext {
  deps: EngineDeps;
  session: PackageSession;
  verifyEtags: boolean;
  record: (r: UploadRecord) => Promise<void>;
  /** Bytes handed to a request (negative = rolled back after a failed attempt). */
  onBytes: (f: UploadFile, n: number) => void;
  /** A part was acknowledged by storage (its bytes move from in-flight to done). */
  onPartDone: (f: UploadFile, length: number) => void;
}

export async function uploadFile(
  ctx: FilePipelineContext,
  f: UploadFile,
  signal: AbortSignal,
): Promise<void> {
  const { deps, session } = ctx;
  try {
    // No stat up front: every part read below is checked against the plan once read (and a
    // file with nothing left to read is checked before finalize), so a change is still caught
    // before the file is declared complete, at one stat or fstat per file instead of three.
    if (!f.fileId || !f.uploadId) {
      // Added in an earlier run but its storage upload never started: add it again; the stale
      // entry is deleted before the package is finalized (PackageSession.removeStrays).
      const added = await session.call(
        (pkgId, token) =>
          deps.client.addFile(
            pkgId,
            token,
            {
              name: f.name,
              path: f.dir,
              lastModified: new Date(f.mtimeMs),
              size: f.size,
              chunkSize: f.chunkSize,
            },
            signal,
          ),
        signal,
      );
      // Not awaited here: the 'mp' record below is queued after it in the same journal, so
      // awaiting that one makes both durable, one group commit per file instead of two.
      const fileRecorded = ctx.record({ t: 'file', i: f.i, fileId: added.fileId });
      fileRecorded.catch(() => undefined);
      const bp: Blueprint | undefined = added.createBlueprint;
      if (!bp) throw masvError('invalid-response', { detail: 'add file: no create_blueprint' });
      const uploadId = await deps.controlPool.run(
        () =>
          runWithRetry((attempt) => deps.client.createMultipart(bp, signal, attempt - 1), {
            signal,
            sleep: deps.clock.sleep,
            random: deps.random,
            maxAttempts: deps.settings.partAttempts,
            policy: deps.settings.retry,
          }),
        signal,
      );
      await Promise.all([fileRecorded, ctx.record({ t: 'mp', i: f.i, uploadId })]);
    }
    const fileId = f.fileId as string;
    const uploadId = f.uploadId as string;
    const missing = missingParts(f.partCount, f.etags);
    if (missing.length > 0) {
      f.state = 'transferring';
      const supply = new PartUrlSupply({
        parts: missing,
        batchSize: deps.settings.urlBatchSize,
        fetch: (start, count, sig) =>
          session.call(
            (pkgId, token) =>
              deps.client.getPartUrls(pkgId, token, fileId, uploadId, start, count, sig ?? signal),
            signal,
          ),
        now: () => Date.now(),
        renewBeforeMs: deps.settings.urlRenewBeforeMs,
        assumedLifetimeMs: deps.settings.assumedUrlLifetimeMs,
      });
      const pctx = { deps, verifyEtags: ctx.verifyEtags, onBytes: ctx.onBytes };
      await runAll(
        missing,
        async (n, sig) => {
          // The URL is fetched before the part takes a slot of the shared PUT pool: a slot held
          // through an API round trip idles a connection. With 20 ms of added latency per
          // request, 2,000 small files went at 180/s with the fetch inside the slot.
          await supply.get(n, sig);
          const etag = await deps.pool.run(() => uploadPart(pctx, f, n, supply, sig), sig);
          supply.release(n);
          ctx.onPartDone(f, partLength(f, n));
          await ctx.record({ t: 'part', i: f.i, n, e: etag });
        },
        signal,
      );
    }
    // Every part read in this run was checked against the plan after it was read; a file
    // whose parts were all sent earlier is checked here, before it is declared complete.
    if (missing.length === 0) await assertUnchanged(f);
    const parts = [...f.etags].map(([partNumber, etag]) => ({ partNumber, etag }));
    await session.call(
      (pkgId, token) =>
        deps.client.finalizeFile(
          pkgId,
          token,
          fileId,
          { uploadId, parts, size: f.size, chunkSize: f.chunkSize },
          signal,
        ),
      signal,
    );
    await ctx.record({ t: 'fdone', i: f.i });
  } catch (e) {
    if (!signal.aborted) f.state = 'failed';
    throw withFileLabel(e, filePath(f));
  }
}

/** Errors name the file they are about, so "server error" becomes "day1/clip.mov: …". */
function withFileLabel(e: unknown, label: string): unknown {
  if (!isMasvError(e) || e.code === 'aborted' || e.message.includes(label)) return e;
  // "Sign in again" is about the account, not this file.
  if (isSignInRequired(e)) return e;
  return new MasvError(e.code, `${label}: ${e.message}`, {
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
    retryable: e.retryable,
    cause: e,
  });
}
