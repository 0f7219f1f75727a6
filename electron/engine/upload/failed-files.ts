// Files of an upload that failed for reasons of their own (file-failure.ts): the others keep
// moving, the package is not finalized while one is missing, and the user chooses what next:
// fix the cause and resume (failed files are tried again), resend changed files as they are now
// (restart), or leave the failed files out and finalize without them (drop).
import { stat } from 'node:fs/promises';
import type { SpecLimits } from '../../masv/client';
import { fromFsError, masvError } from '../../masv/errors';
import { planChunks } from '../chunk-plan';
import { partialError, TransferFailure } from '../file-failure';
import { filePath } from './upload-model';
import type { UploadFile, UploadModel, UploadRecord } from './upload-model';

/** Ends a run whose files did not all make it: the job fails with code `partial`. */
export function filesFailed(failed: number): TransferFailure {
  return new TransferFailure(partialError(failed, 'upload'));
}

/** Files still part of the package (not left out). */
export function activeFiles(model: UploadModel): UploadFile[] {
  return (model.files ?? []).filter((f) => !f.dropped);
}

export function failedFiles(model: UploadModel): UploadFile[] {
  return activeFiles(model).filter((f) => !f.done && f.state === 'failed');
}

/** How the left-out files are reported (with the skipped inputs). */
export function leftOut(model: UploadModel): string[] {
  return (model.files ?? [])
    .filter((f) => f.dropped)
    .map((f) => `${filePath(f)}: left out at your request (${f.error?.message ?? 'it failed'})`);
}

type Record = (r: UploadRecord) => Promise<void>;

/**
 * Changed files (failed with `source-changed`) are planned again from what is on disk now, so
 * the next run sends their new content under a new entry. Returns how many.
 */
export async function replanChanged(
  model: UploadModel,
  record: Record,
  preferredChunk: number,
  limits: SpecLimits,
): Promise<number> {
  const changed = failedFiles(model).filter((f) => f.error?.code === 'source-changed');
  for (const f of changed) {
    let st;
    try {
      st = await stat(f.absPath);
    } catch (e) {
      // Gone now: it stays failed, and says so.
      await record({
        t: 'ffail',
        i: f.i,
        err: fromFsError(e, filePath(f), 'read').toTransferError(),
      });
      continue;
    }
    const plan = planChunks(st.size, preferredChunk, limits);
    await record({
      t: 'replan',
      i: f.i,
      s: st.size,
      m: st.mtimeMs,
      c: plan.chunkSize,
      k: plan.partCount,
    });
  }
  return changed.length;
}

/** The user's explicit "finalize without them": failed files are left out of the package. */
export async function dropFailed(model: UploadModel, record: Record): Promise<number> {
  const failed = failedFiles(model);
  if (failed.length === 0)
    throw masvError('invalid-input', {
      message: 'no file of this upload failed; nothing to leave out',
      retryable: false,
    });
  for (const f of failed) await record({ t: 'drop', i: f.i });
  return failed.length;
}
