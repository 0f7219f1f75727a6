// What happens when a foreground transfer comes to rest: the final lines and JSON document,
// the history entry, journal/meta clean-up and the exit code.
import { existsSync } from 'node:fs';
import type { TransferSnapshot } from '../../shared/transfers';
import { journalPath } from '../engine/journal';
import type { CliContext } from './context';
import { ExitCode, exitCodeForError } from './exit-codes';
import type { ForegroundResult } from './foreground';
import { formatBytes } from './format';
import type { TransferMetaStore } from '../services/transfer-meta';

export interface OutcomeExtras {
  /** The share link, printed; the history keeps `link` (its id), never the URL. */
  linkUrl?: string;
  link?: { linkId: string; serverUrl: string };
  /** Set when making the share link failed after the upload itself succeeded. */
  linkError?: string;
  /** Files that failed for reasons of their own, with why. */
  failed?: FailedFile[];
}

export interface FailedFile {
  path: string;
  code: string;
  message: string;
}

export function summarize(s: TransferSnapshot): Record<string, unknown> {
  return {
    id: s.id,
    kind: s.kind,
    state: s.state,
    name: s.name,
    bytesTotal: s.bytesTotal,
    filesTotal: s.filesTotal,
    ...(s.packageId === undefined ? {} : { packageId: s.packageId }),
    ...(s.destination === undefined ? {} : { destination: s.destination }),
    ...(s.skipped === undefined || s.skipped.length === 0 ? {} : { skipped: s.skipped }),
    ...(s.renamed === undefined || s.renamed.length === 0 ? {} : { renamed: s.renamed }),
  };
}

export function finishTransfer(
  ctx: CliContext,
  metas: TransferMetaStore,
  result: ForegroundResult,
  startedAt: Date,
  extras: OutcomeExtras = {},
): number {
  const s = result.snapshot;
  const resumeHint = `masv transfers resume ${s.id}`;
  if (s.failedFiles !== undefined && (s.state === 'complete' || s.state === 'failed'))
    return finishPartial(ctx, s, startedAt, extras.failed ?? []);
  switch (s.state) {
    case 'complete':
    case 'idle': {
      for (const skipped of s.skipped ?? []) ctx.out.note(`skipped: ${skipped}`);
      const what =
        s.kind === 'upload'
          ? s.state === 'idle'
            ? 'Uploaded (package left open, not finalized)'
            : 'Uploaded'
          : 'Downloaded';
      ctx.out.line(`${what} ${s.filesTotal} file(s), ${formatBytes(s.bytesTotal)}: ${s.name}`);
      if (s.packageId !== undefined) ctx.out.line(`Package: ${s.packageId}`);
      if (s.destination !== undefined) ctx.out.line(`Folder:  ${s.destination}`);
      if (extras.linkUrl !== undefined) ctx.out.line(`Link:    ${extras.linkUrl}`);
      if (extras.linkError !== undefined)
        ctx.out.note(`masv: the upload worked but no link was made: ${extras.linkError}`);
      recordHistory(ctx, s, startedAt, extras.link);
      // An idle upload can still be finalized later (`masv transfers finalize`): keep its meta.
      if (s.state === 'complete') metas.remove(s.id);
      ctx.out.result({
        transfer: summarize(s),
        ...(extras.linkUrl === undefined ? {} : { linkUrl: extras.linkUrl }),
      });
      return ExitCode.ok;
    }
    case 'cancelled':
      ctx.out.note(`Cancelled ${s.name}.`);
      recordHistory(ctx, s, startedAt);
      metas.remove(s.id);
      ctx.out.failure(
        {
          code: 'cancelled',
          message: `the transfer ${s.id} was cancelled`,
          exitCode: ExitCode.cancelled,
        },
        { transfer: summarize(s) },
      );
      return ExitCode.cancelled;
    case 'paused': {
      if (s.error?.code === 'auth-rejected') {
        // Paused by the server refusing the stored credential: everything sent so far is kept.
        const failure = ctx.explainFailure({
          code: s.error.code,
          message: s.error.message,
          exitCode: ExitCode.auth,
        });
        const fix = ctx.credentialFromEnv() ? 'set a working MASV_API_KEY' : 'run `masv login`';
        ctx.out.note(`${s.error.message}: ${fix}, then continue with: ${resumeHint}`);
        ctx.out.failure(failure, { transfer: summarize(s) });
        return ExitCode.auth;
      }
      const code = result.stoppedBy === 'sigint' ? ExitCode.interrupted : ExitCode.paused;
      ctx.out.note(
        `Paused at ${formatBytes(s.bytesDone)} of ${formatBytes(s.bytesTotal)}. Resume with: ${resumeHint}`,
      );
      ctx.out.failure(
        { code: 'paused', message: `the transfer ${s.id} is paused`, exitCode: code },
        { transfer: summarize(s) },
      );
      return code;
    }
    case 'failed': {
      const err = s.error ?? { code: 'failed', message: 'the transfer failed' };
      const code = exitCodeForError(err.code);
      // A download whose link did not open (or whose folder could not be made) wrote nothing.
      const kept = existsSync(journalPath(ctx.env.paths.journalDir, s.id));
      if (!kept) {
        metas.remove(s.id);
        ctx.out.note(
          err.permanent === true
            ? 'Nothing was created; retrying cannot help.'
            : 'Nothing was created; run the command again once the cause is fixed.',
        );
      } else if (err.permanent === true) {
        ctx.out.note(`Retrying cannot help; clear it away with: masv transfers cancel ${s.id}`);
      } else {
        ctx.out.note(`The journal is kept; after fixing the cause, retry with: ${resumeHint}`);
      }
      recordHistory(ctx, s, startedAt);
      ctx.out.failure(
        ctx.explainFailure({ code: err.code, message: err.message, exitCode: code }),
        {
          transfer: summarize(s),
          ...(err.permanent === true ? { permanent: true } : {}),
        },
      );
      return code;
    }
    case 'queued':
    case 'preparing':
    case 'transferring':
    case 'finalizing':
      ctx.out.failure({
        code: 'internal',
        message: `the transfer stopped in state ${s.state}`,
        exitCode: ExitCode.failed,
      });
      return ExitCode.failed;
  }
}

/**
 * Some files failed on their own: each is listed with why, the journal and meta stay so that
 * `masv transfers resume ID` retries only those, and the exit code is 8.
 */
function finishPartial(
  ctx: CliContext,
  s: TransferSnapshot,
  startedAt: Date,
  failed: FailedFile[],
): number {
  const resume = `masv transfers resume ${s.id}`;
  // Most reasons already start with the file's path; the others get it in front.
  for (const f of failed)
    ctx.out.note(`failed: ${f.message.startsWith(f.path) ? f.message : `${f.path}: ${f.message}`}`);
  const done = `${s.filesDone} of ${s.filesTotal} file(s)`;
  if (s.kind === 'download') {
    ctx.out.line(`Downloaded ${done}: ${s.name} (${s.failedFiles} failed)`);
    if (s.destination !== undefined) ctx.out.line(`Folder:  ${s.destination}`);
    ctx.out.note(`Retry only the failed files with: ${resume}`);
  } else {
    ctx.out.line(`Uploaded ${done}: ${s.name}; the package is not finalized without the rest`);
    if (failed.some((f) => f.code === 'source-changed'))
      ctx.out.note(`Resend changed files as they are now: ${resume} --restart-changed`);
    ctx.out.note(`Retry after fixing the cause: ${resume}`);
    ctx.out.note(`Or finalize without them: ${resume} --finalize-without-failed`);
  }
  recordHistory(ctx, s, startedAt);
  const error = s.error ?? { code: 'partial', message: `${s.failedFiles} file(s) failed` };
  ctx.out.failure(
    { code: 'partial', message: error.message, exitCode: ExitCode.partial },
    { transfer: summarize(s), failed },
  );
  // The meta stays with the journal: resume needs the server and whether to make a link.
  return ExitCode.partial;
}

/** Adds a resting transfer to the history (failures to write it are only a note). */
export function recordHistory(
  ctx: CliContext,
  s: TransferSnapshot,
  startedAt: Date,
  link?: { linkId: string; serverUrl: string },
): void {
  if (
    s.state !== 'complete' &&
    s.state !== 'idle' &&
    s.state !== 'failed' &&
    s.state !== 'cancelled'
  )
    return;
  try {
    ctx.history().add({
      id: s.id,
      kind: s.kind,
      state: s.state,
      name: s.name,
      bytesTotal: s.bytesTotal,
      filesTotal: s.filesTotal,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      ...(s.packageId === undefined ? {} : { packageId: s.packageId }),
      ...(link ?? {}),
      ...(s.destination === undefined ? {} : { destination: s.destination }),
      ...(s.error === undefined ? {} : { error: s.error }),
    });
  } catch (err) {
    ctx.out.note(`masv: could not update the history: ${String(err)}`);
  }
}
