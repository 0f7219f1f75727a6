// `masv transfers resume|pause|cancel`. Resume runs in this process (there is no daemon);
// pause and cancel reach a transfer running in another masv process through control files, or,
// when nothing runs it, act on its journal directly.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TransferKind } from '../../../shared/transfers';
import { journalOwner, journalPath, listJournals } from '../../engine/journal';
import type { Credentials } from '../../masv/client';
import { bool, str } from '../args';
import type { OptionValues } from '../args';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import { requestControl, runningHolder, TransferLock, waitForRelease } from '../control';
import { driveTransfer } from '../drive';
import { recordHistory } from '../transfer-outcome';
import { createCliEngine } from '../engine';
import type { CliEngine } from '../engine';
import { ExitCode } from '../exit-codes';
import { TransferMetaStore } from '../../services/transfer-meta';
import type { TransferMeta } from '../../services/transfer-meta';
import { runSettings } from '../upload-options';

const PAUSE_WAIT_MS = 30_000;
const CANCEL_WAIT_MS = 60_000;

function mustHaveJournal(ctx: CliContext, id: string): void {
  let file: string;
  try {
    file = journalPath(ctx.env.paths.journalDir, id);
  } catch {
    throw new CliError('transfer-not-found', `'${id}' is not a transfer id`, ExitCode.notFound);
  }
  if (!existsSync(file)) {
    throw new CliError(
      'transfer-not-found',
      `no unfinished transfer ${id} (see \`masv transfers\`)`,
      ExitCode.notFound,
    );
  }
}

/** The server a journal belongs to: its meta file, else --server / the saved server. */
function metaFor(
  ctx: CliContext,
  metas: TransferMetaStore,
  id: string,
  values: OptionValues,
): TransferMeta {
  const meta = metas.get(id);
  const serverUrl =
    str(values, 'server') === undefined && meta !== undefined
      ? meta.serverUrl
      : ctx.serverUrl(values);
  return meta === undefined
    ? {
        id,
        kind: 'upload',
        serverUrl,
        name: id,
        createdAt: new Date().toISOString(),
        makeLink: false,
      }
    : { ...meta, serverUrl };
}

async function optionalCredentials(
  ctx: CliContext,
  serverUrl: string,
): Promise<Credentials | undefined> {
  try {
    return await ctx.resolveCredentials(serverUrl);
  } catch {
    // Portal uploads and link downloads carry their own tokens in the journal.
    return undefined;
  }
}

/** An engine holding this process's restored copy of the journals (none of them started). */
async function restoredEngine(
  ctx: CliContext,
  meta: TransferMeta,
  values: OptionValues,
): Promise<CliEngine> {
  const settings = ctx.settings().get();
  const engine = createCliEngine(ctx, {
    serverUrl: meta.serverUrl,
    ca: ctx.caPem(values),
    credentials: await optionalCredentials(ctx, meta.serverUrl),
    run: runSettings(values, settings, meta.kind === 'upload' ? 'up' : 'down'),
    direction: meta.kind === 'upload' ? 'up' : 'down',
  });
  // Only this transfer's journal is opened: others may be running in other processes.
  const report = await engine.manager.restoreFromJournals({ autoResume: false, ids: [meta.id] });
  const busy = report.busy.find((b) => b.id === meta.id);
  if (busy !== undefined) {
    await engine.close();
    throw new CliError(
      'busy',
      `transfer ${meta.id} is open in another MASV process (pid ${busy.pid}); pause or quit it there first`,
      ExitCode.busy,
    );
  }
  if (engine.manager.get(meta.id) === undefined) {
    await engine.close();
    throw new CliError(
      'transfer-not-found',
      `the journal of ${meta.id} could not be read`,
      ExitCode.notFound,
    );
  }
  return engine;
}

export async function runResume(
  ctx: CliContext,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  const all = bool(values, 'all');
  const given = positionals[0];
  if (all === (given !== undefined))
    throw new CliError('usage', 'give a transfer ID or --all', ExitCode.usage);
  const controlDir = ctx.env.paths.controlDir;
  let ids: string[];
  if (given !== undefined) {
    mustHaveJournal(ctx, given);
    ids = [given];
  } else {
    const journalDir = ctx.env.paths.journalDir;
    ids = (await listJournals(journalDir)).filter(
      (id) => runningHolder(controlDir, id) === null && journalOwner(journalDir, id) === null,
    );
    if (ids.length === 0) {
      ctx.out.line('Nothing to resume.');
      ctx.out.result({ resumed: [] });
      return ExitCode.ok;
    }
  }
  const metas = new TransferMetaStore(controlDir);
  // One after the other: each gets the whole bandwidth and a readable progress line.
  let worst: number = ExitCode.ok;
  const skipped: string[] = [];
  for (const id of ids) {
    const code = await resumeOne(ctx, values, metas, id, all);
    if (code === 'skipped') {
      skipped.push(id);
      continue;
    }
    if (code === ExitCode.interrupted) return code;
    if (worst === ExitCode.ok) worst = code;
  }
  if (skipped.length === ids.length) {
    ctx.out.line('Nothing to resume: every unfinished transfer failed for good.');
    ctx.out.result({ resumed: [], skipped });
  }
  return worst;
}

async function resumeOne(
  ctx: CliContext,
  values: OptionValues,
  metas: TransferMetaStore,
  id: string,
  all: boolean,
): Promise<number | 'skipped'> {
  const lock = TransferLock.acquire(ctx.env.paths.controlDir, id, 'resume');
  let engine: CliEngine | undefined;
  try {
    const meta = metaFor(ctx, metas, id, values);
    engine = await restoredEngine(ctx, meta, values);
    const before = engine.manager.get(id);
    const failure = before?.state === 'failed' ? before.error : undefined;
    if (failure?.permanent === true) {
      const clear = `clear it with \`masv transfers cancel ${id}\``;
      if (all) {
        ctx.out.note(`Skipped ${id}: it failed for good (${failure.message}); ${clear}.`);
        return 'skipped';
      }
      throw new CliError(
        failure.code,
        `transfer ${id} cannot be resumed: ${failure.message}, and retrying cannot change that; ${clear}`,
      );
    }
    const restart = bool(values, 'restart-changed');
    const leaveOut = bool(values, 'finalize-without-failed');
    if ((restart || leaveOut) && before?.kind !== 'upload')
      throw new CliError(
        'usage',
        '--restart-changed and --finalize-without-failed are for uploads',
        ExitCode.usage,
      );
    if (before?.state === 'idle') {
      ctx.out.note(
        `Transfer ${id} has sent every byte and was left open (not finalized); nothing to resume.`,
      );
    } else {
      ctx.out.note(`Transfer ${id}: resuming "${before?.name ?? meta.name}" (Ctrl-C pauses)`);
      if (restart) {
        const n = await engine.manager.restartChangedFiles(id);
        ctx.out.note(`Resending ${n} changed file(s) as they are now.`);
      } else if (leaveOut) {
        const n = await engine.manager.finalizeWithoutFailed(id);
        ctx.out.note(`Leaving ${n} failed file(s) out of the package, as asked.`);
      } else engine.manager.resume(id);
    }
    return await driveTransfer(
      ctx,
      engine,
      { ...meta, kind: before?.kind ?? meta.kind, name: before?.name ?? meta.name },
      metas,
      lock,
    );
  } finally {
    lock.release();
    await engine?.close();
  }
}

export async function runPause(ctx: CliContext, positionals: string[]): Promise<number> {
  const id = positionals[0] ?? '';
  const controlDir = ctx.env.paths.controlDir;
  const holder = runningHolder(controlDir, id);
  if (holder === null) {
    mustHaveJournal(ctx, id);
    ctx.out.line(`Transfer ${id} is not running (already paused or interrupted).`);
    ctx.out.result({ id, paused: true, wasRunning: false });
    return ExitCode.ok;
  }
  requestControl(controlDir, id, 'pause');
  if (!(await waitForRelease(controlDir, id, PAUSE_WAIT_MS))) {
    throw new CliError(
      'timeout',
      `masv process ${holder.pid} did not pause ${id} in time`,
      ExitCode.failed,
    );
  }
  ctx.out.line(`Paused ${id}. Resume with: masv transfers resume ${id}`);
  ctx.out.result({ id, paused: true, wasRunning: true });
  return ExitCode.ok;
}

export async function runCancel(
  ctx: CliContext,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  const id = positionals[0] ?? '';
  const controlDir = ctx.env.paths.controlDir;
  const metas = new TransferMetaStore(controlDir);
  const holder = runningHolder(controlDir, id);
  if (holder !== null) {
    // Read before the running process forgets them.
    const kind = metas.get(id)?.kind;
    // Its status file may be up to a second behind: no package id there proves nothing.
    const hadPackage = metas.status(id)?.packageId === undefined ? undefined : true;
    requestControl(controlDir, id, 'cancel');
    if (!(await waitForRelease(controlDir, id, CANCEL_WAIT_MS))) {
      throw new CliError(
        'timeout',
        `masv process ${holder.pid} did not cancel ${id} in time`,
        ExitCode.failed,
      );
    }
    ctx.out.line(
      kind === undefined
        ? `Cancelled ${id}.`
        : `Cancelled ${id}; ${cancelledWhat(kind, hadPackage)}.`,
    );
    ctx.out.result({ id, cancelled: true, wasRunning: true });
    return ExitCode.ok;
  }
  mustHaveJournal(ctx, id);
  const lock = TransferLock.acquire(controlDir, id, 'cancel');
  let engine: CliEngine | undefined;
  try {
    engine = await restoredEngine(ctx, metaFor(ctx, metas, id, values), values);
    const hadPackage = engine.manager.get(id)?.packageId !== undefined;
    await engine.manager.cancel(id);
    const s = engine.manager.get(id);
    if (s !== undefined) recordHistory(ctx, s, new Date(s.createdAt));
    await engine.manager.remove(id).catch(() => undefined);
    metas.remove(id);
    ctx.out.line(`Cancelled ${id}; ${cancelledWhat(s?.kind ?? 'upload', hadPackage)}.`);
    ctx.out.result({ id, cancelled: true, wasRunning: false });
    return ExitCode.ok;
  } finally {
    lock.release();
    await engine?.close();
  }
}

/** What a cancel did, per kind: a download never touches anything on the server. */
function cancelledWhat(kind: TransferKind, hadPackage: boolean | undefined): string {
  if (kind === 'download')
    return 'its unfinished .part files and its journal are deleted, finished files are kept, and nothing on MASV was touched';
  if (hadPackage === undefined)
    return 'its unfinished package (if one was made) is deleted on MASV and the journal removed';
  return hadPackage
    ? 'the unfinished package is deleted on MASV and the journal removed'
    : 'no package had been made on MASV yet; the journal is removed';
}

export async function runFinalize(
  ctx: CliContext,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  const id = positionals[0] ?? '';
  mustHaveJournal(ctx, id);
  const metas = new TransferMetaStore(ctx.env.paths.controlDir);
  const lock = TransferLock.acquire(ctx.env.paths.controlDir, id, 'finalize');
  let engine: CliEngine | undefined;
  try {
    const meta = metaFor(ctx, metas, id, values);
    engine = await restoredEngine(ctx, meta, values);
    const state = engine.manager.get(id)?.state;
    if (state !== 'idle') {
      throw new CliError(
        'invalid-input',
        `transfer ${id} is ${state ?? 'unknown'}, not waiting to be finalized`,
        ExitCode.usage,
      );
    }
    engine.manager.finalizeUpload(id);
    // The share link was made when the upload went idle; it becomes active now.
    return await driveTransfer(ctx, engine, { ...meta, makeLink: false }, metas, lock);
  } finally {
    lock.release();
    await engine?.close();
  }
}

/** `masv transfers add ID PATH…`: more files for an upload left open, sent in the foreground. */
export async function runAddFiles(
  ctx: CliContext,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  const [id = '', ...inputs] = positionals;
  mustHaveJournal(ctx, id);
  const paths = inputs.map((p) => resolve(ctx.env.cwd, p));
  const metas = new TransferMetaStore(ctx.env.paths.controlDir);
  const lock = TransferLock.acquire(ctx.env.paths.controlDir, id, 'add');
  let engine: CliEngine | undefined;
  try {
    const meta = metaFor(ctx, metas, id, values);
    engine = await restoredEngine(ctx, meta, values);
    const state = engine.manager.get(id)?.state;
    if (state !== 'idle') {
      throw new CliError(
        'invalid-input',
        `transfer ${id} is ${state ?? 'unknown'}; files can be added only to an upload left open (--no-finalize)`,
        ExitCode.usage,
      );
    }
    const finalize = bool(values, 'finalize');
    const n = await engine.manager.addUploadFiles(id, paths, { finalize });
    ctx.out.note(`Adding ${n} ${n === 1 ? 'file' : 'files'} to transfer ${id}.`);
    return await driveTransfer(ctx, engine, { ...meta, makeLink: false }, metas, lock);
  } finally {
    lock.release();
    await engine?.close();
  }
}
