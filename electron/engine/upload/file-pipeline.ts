// One file's way into the package: add file → create multipart (storage) → part URLs in
// batches → every missing part through the shared pool → finalize file. Each acknowledged step
// is journaled before the next depends on it, so a restart continues where this one stopped.
import type { Blueprint } from '../../masv/client';
import { isMasvError, masvError, MasvError } from '../../masv/errors';
import { runWithRetry } from '../../masv/retry-policy';
import { isSignInRequired } from '../sign-in';
import { coversFile, LayoutError, PartLayout } from './part-layout';
import { assertUnchanged } from './part-uploader';
import { sendParts } from './send-parts';
import type { SendPartsContext } from './send-parts';
import { filePath } from './upload-model';
import type { UploadFile } from './upload-model';

/**
 * What a file's upload needs: `onBytes` counts bytes handed to a request (negative = rolled back
 * after a failed attempt), `onPartDone` moves an acknowledged part's bytes from in-flight to done.
 */
export type FilePipelineContext = SendPartsContext;

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
    if (f.fileId && f.uploadId && !layoutHolds(f, ctx.limits.maxChunkCount)) {
      // Acknowledged parts that cannot belong to one file (a journal damaged outside the app):
      // this file starts over under a new entry; the old one is cleared before finalize.
      deps.logger.warn('the parts recorded for a file do not fit it; sending it again', {
        file: filePath(f),
      });
      await ctx.record({ t: 'file', i: f.i, fileId: f.fileId });
    }
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
              // Only when every part will have it: parts sized from the rate have no one size.
              ...(f.chunkSize <= ctx.limits.minChunkSize ? { chunkSize: f.chunkSize } : {}),
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
    try {
      const layout = new PartLayout(f.size, f.acked, ctx.limits.maxChunkCount);
      if (!layout.exhausted) {
        f.state = 'transferring';
        await sendParts(ctx, f, layout, { fileId, uploadId }, signal);
      } else {
        // Every part was sent in an earlier run: check the file before declaring it complete
        // (parts read in this run were checked against the plan as they were read).
        await assertUnchanged(f);
      }
      if (!coversFile(f.size, f.acked))
        throw masvError('integrity', {
          message: `${filePath(f)}: the parts sent do not cover the file`,
          retryable: false,
        });
      const parts = [...f.acked]
        .sort((a, b) => a[0] - b[0])
        .map(([partNumber, p]) => ({ partNumber, etag: p.etag }));
      const chunkSize = uniformChunkSize(f);
      await session.call(
        (pkgId, token) =>
          deps.client.finalizeFile(
            pkgId,
            token,
            fileId,
            { uploadId, parts, size: f.size, ...(chunkSize ? { chunkSize } : {}) },
            signal,
          ),
        signal,
      );
    } catch (e) {
      if (!isAlreadyFinalized(e)) throw e;
      // MASV finalized this file in a run whose last records never reached the journal (the
      // journal was cut back after damage): the server is ahead, and the file is sent.
      await assertUnchanged(f);
      deps.logger.warn('MASV had already finalized a file the journal had not recorded as sent', {
        file: filePath(f),
      });
    }
    await ctx.record({ t: 'fdone', i: f.i });
  } catch (e) {
    if (!signal.aborted) f.state = 'failed';
    throw withFileLabel(e, filePath(f));
  }
}

/** 409 on a file's own calls (part URLs, finalize) in an open package: the file is finalized. */
function isAlreadyFinalized(e: unknown): boolean {
  return isMasvError(e) && e.code === 'conflict';
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

/**
 * finalize's optional chunk_size: the one size of every non-final part when they share it (a
 * single part fits any; the file's cap is what was always sent), else left out.
 */
function uniformChunkSize(f: UploadFile): number | undefined {
  const lengths = [...f.acked].sort((a, b) => a[0] - b[0]).map(([, p]) => p.length);
  if (lengths.length <= 1) return f.chunkSize;
  const first = lengths[0] as number;
  return lengths.slice(0, -1).every((l) => l === first) ? first : undefined;
}

function layoutHolds(f: UploadFile, maxPartNumber: number): boolean {
  try {
    new PartLayout(f.size, f.acked, maxPartNumber);
    return true;
  } catch (e) {
    if (e instanceof LayoutError) return false;
    throw e;
  }
}
