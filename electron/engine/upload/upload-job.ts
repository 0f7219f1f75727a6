// One upload = one MASV package. Prepares (scan, plan, create package), then runs a pipeline per
// file (add file → create multipart → part URLs → parts → finalize file) with control calls in
// deps.controlPool and part PUTs in the shared deps.pool, then finalizes the package.
// Every acknowledged step is journaled first-thing, so a restart sends only what is missing.
import type {
  FileProgressSnapshot,
  TransferError,
  TransferState,
  UploadInputParsed,
} from '../../../shared/transfers';
import { masvError } from '../../masv/errors';
import { BaseJob, toTransferError } from '../base-job';
import { isUploadFileFailure } from '../file-failure';
import { openJournal } from '../journal';
import type { Journal } from '../journal';
import { runAll } from '../run-all';
import type { JobContext, JobFactory, JobSnapshot } from '../transfer-job';
import { WorkPool } from '../work-pool';
import {
  activeFiles,
  dropFailed,
  failedFiles,
  filesFailed,
  leftOut,
  replanChanged,
} from './failed-files';
import { uploadFile } from './file-pipeline';
import type { FilePipelineContext } from './file-pipeline';
import { PackageSession } from './package-session';
import type { Secrets } from './package-session';
import { planLimits, planMore, planUpload } from './plan-upload';
import { StreamRate } from './stream-rate';
import { apply, newModel } from './upload-model';
import { compactRecords, replay } from './upload-replay';
import type { UploadModel, UploadRecord } from './upload-model';
import { UploadProgress } from './upload-progress';

export class UploadJob extends BaseJob<UploadRecord> {
  private readonly progress: UploadProgress;
  /** Records plus planned files in the last compaction (its rewrite cost). */
  private compactedSize = 0;
  private readonly session: PackageSession;
  /** Files are being added (addFiles): a second addition waits its turn. */
  private adding = false;

  private constructor(
    id: string,
    ctx: JobContext,
    private model: UploadModel,
    private readonly secrets: Secrets | null,
    journal: Journal<UploadRecord> | null,
  ) {
    super(id, 'upload', ctx);
    this.journal = journal;
    this.session = new PackageSession(
      { deps: ctx.deps, model: () => this.model, record: (r) => this.record(r) },
      secrets,
    );
    this.progress = new UploadProgress(ctx.deps.clock, () => this.model);
  }

  static create(id: string, input: UploadInputParsed, ctx: JobContext): UploadJob {
    const secrets: Secrets = {};
    const target = { ...input.target };
    if (target.kind === 'team' && target.password) {
      secrets.password = target.password;
      delete target.password;
    }
    if (target.kind === 'portal' && target.accessCode) {
      secrets.accessCode = target.accessCode;
      delete target.accessCode;
    }
    const stored = { ...input, target };
    const header = {
      t: 'header' as const,
      kind: 'upload' as const,
      v: 1,
      id,
      createdAt: Date.now(),
      input: stored,
      secretsOmitted: Object.keys(secrets).length > 0,
    };
    return new UploadJob(id, ctx, newModel(header), secrets, null);
  }

  static restore(journal: Journal, records: unknown[], ctx: JobContext): UploadJob {
    const model = replay(records);
    const job = new UploadJob(model.id, ctx, model, null, journal as Journal<UploadRecord>);
    const last = model.lastState;
    if (!model.finalized && (last === 'paused' || last === 'idle' || last === 'failed')) {
      job.state = last;
      if (last === 'failed' || last === 'paused') job.error = model.lastError;
    }
    return job;
  }

  snapshot(): JobSnapshot {
    const files = activeFiles(this.model);
    const failed = failedFiles(this.model).length;
    const skipped = [...this.model.skipped, ...leftOut(this.model)];
    const bytesTotal = files.reduce((a, f) => a + f.size, 0);
    const bytesDone = Math.min(bytesTotal, this.progress.bytesDone);
    const moving = this.state === 'transferring';
    return {
      id: this.id,
      kind: 'upload',
      state: this.state,
      name: this.model.input.name,
      createdAt: this.model.createdAt,
      bytesDone,
      bytesTotal,
      filesDone: files.filter((f) => f.done).length,
      filesTotal: files.length,
      rateBytesPerSecond: moving ? this.progress.meter.rate() : 0,
      etaSeconds: moving ? this.progress.meter.eta(bytesTotal - bytesDone) : null,
      ...(this.model.packageId ? { packageId: this.model.packageId } : {}),
      ...(this.error ? { error: this.error } : {}),
      ...(failed > 0 ? { failedFiles: failed } : {}),
      ...(skipped.length ? { skipped: capList(skipped) } : {}),
      ...(this.model.renamed.length ? { renamed: this.model.renamed } : {}),
    };
  }

  files(): FileProgressSnapshot[] {
    return this.progress.files();
  }

  /** Finalizes a package that was left open (state idle). */
  finalizeNow(): void {
    if (this.state !== 'idle')
      throw masvError('invalid-input', {
        message: 'only an upload that is waiting to be finalized can be finalized',
      });
    void this.record({ t: 'finalize' }).catch(() => undefined);
    this.state = 'queued';
    this.start();
  }

  /**
   * Adds files and folders to a package that was left open (state idle): they are scanned like
   * the first ones, journaled in one record (a kill adds all or none), sent, and the upload rests
   * idle again, or is finalized when `finalize` is set. A path the package already holds refuses
   * the whole addition. Returns how many files were added.
   */
  async addFiles(paths: string[], opts: { finalize?: boolean } = {}): Promise<number> {
    if (this.state !== 'idle')
      throw masvError('invalid-input', {
        message: `files can only be added to an upload that is waiting to be finalized (this one is ${this.state})`,
        retryable: false,
      });
    if (this.adding)
      throw masvError('invalid-input', {
        message: 'files are being added to this upload already; wait for them to appear',
        retryable: false,
      });
    this.adding = true;
    let more;
    try {
      const chunk = this.model.input.chunkSize ?? this.ctx.deps.settings.chunkSize;
      more = await planMore(this.model, paths, chunk);
      // The state may have moved while the inputs were scanned (finalize, cancel, remove).
      const now = this.currentState;
      if (now !== 'idle')
        throw masvError('invalid-input', {
          message: `the upload is ${now} now; nothing was added`,
          retryable: false,
        });
      await this.ensureJournal();
      await this.record(more);
      if (opts.finalize) await this.record({ t: 'finalize' });
    } finally {
      this.adding = false;
    }
    this.progress.recount();
    this.state = 'queued';
    this.ctx.notify.state();
    this.start();
    return more.files.length;
  }

  /**
   * Resends files that changed while they were sent, as they are now (the one-click "resend" /
   * `masv transfers resume ID --restart-changed`), then continues the upload. Returns how many.
   */
  async restartChangedFiles(): Promise<number> {
    this.mustRest('resend changed files');
    const chunk = this.model.input.chunkSize ?? this.ctx.deps.settings.chunkSize;
    await this.ensureJournal();
    const n = await replanChanged(this.model, (r) => this.record(r), chunk, planLimits(this.model));
    this.progress.recount();
    this.ctx.notify.state();
    this.start();
    return n;
  }

  /**
   * The user's explicit choice to leave the failed files out: the others are finalized as a
   * package without them (`--finalize-without-failed`). Returns how many were left out.
   */
  async finalizeWithoutFailed(): Promise<number> {
    this.mustRest('leave failed files out');
    await this.ensureJournal();
    const n = await dropFailed(this.model, (r) => this.record(r));
    this.progress.recount();
    this.ctx.notify.state();
    this.start();
    return n;
  }

  private mustRest(what: string): void {
    if (this.state !== 'failed' && this.state !== 'paused')
      throw masvError('invalid-input', {
        message: `cannot ${what} while the upload is ${this.state}`,
        retryable: false,
      });
  }

  protected async work(signal: AbortSignal): Promise<'complete' | 'idle'> {
    const { deps } = this.ctx;
    this.setState('preparing');
    // Files that failed last time are tried again (the cause may be fixed by now).
    for (const f of this.model.files ?? []) if (!f.done) f.state = 'queued';
    this.progress.reset();
    await this.ensureJournal();
    if (this.model.finalized) return this.finish();
    await this.record({ t: 'state', s: 'transferring' });
    if (!this.model.files) await this.plan(signal);
    if (!this.model.packageId) await this.session.create(signal);
    this.setState('transferring');
    await this.session.addDirectories(signal);
    const files = activeFiles(this.model).filter((f) => !f.done);
    // Bounded number of files in flight; each holds a slot from add-file to finalize-file.
    const open = new WorkPool(Math.max(16, deps.controlPool.concurrency + deps.pool.concurrency));
    const limits = planLimits(this.model);
    const pipeline: FilePipelineContext = {
      deps,
      session: this.session,
      verifyEtags: this.model.input.verifyEtags,
      limits,
      rate: new StreamRate({
        ...(this.model.streamRate !== undefined ? { initial: this.model.streamRate } : {}),
        minSampleBytes: limits.minChunkSize,
        slowAfterMs: 2 * deps.settings.partTargetMs,
        // Not awaited: the next part record (or state record) makes it durable with itself.
        persist: (bps) => void this.record({ t: 'rate', bps }).catch(() => undefined),
      }),
      record: (r) => this.record(r),
      onBytes: (f, n) => {
        this.progress.onBytes(f, n);
        this.ctx.notify.progress();
      },
      onPartDone: (f, len) => {
        this.progress.onPartDone(f, len);
        this.ctx.notify.progress();
      },
    };
    await runAll(
      files,
      async (f, sig) => {
        try {
          await open.run(() => uploadFile(pipeline, f, sig), sig);
        } catch (e) {
          if (sig.aborted || !isUploadFileFailure(e)) throw e;
          // This file's own problem: it waits with its reason, the others keep moving.
          await this.record({ t: 'ffail', i: f.i, err: toTransferError(e) });
          this.ctx.notify.state();
        } finally {
          this.progress.fileSettled(f);
          this.ctx.notify.progress();
        }
      },
      signal,
    );
    // Never finalized with a file missing, unless the user left it out (finalizeWithoutFailed).
    const failed = failedFiles(this.model).length;
    if (failed > 0) throw filesFailed(failed);
    if (!this.model.input.finalize) return 'idle';
    this.setState('finalizing');
    await this.session.finalize(signal);
    return this.finish();
  }

  private async finish(): Promise<'complete'> {
    await this.dropJournal();
    return 'complete';
  }

  private async plan(signal: AbortSignal): Promise<void> {
    const { deps } = this.ctx;
    const spec = await deps.client.getSpec(signal).catch(() => ({}));
    const chunk = this.model.input.chunkSize ?? deps.settings.chunkSize;
    await this.record(await planUpload(this.model.input.paths, chunk, spec));
    this.progress.recount();
  }

  private async ensureJournal(): Promise<void> {
    if (this.journal) return;
    this.journal = await openJournal<UploadRecord>(
      this.ctx.deps.journalDir,
      this.id,
      this.ctx.deps,
    );
    await this.journal.append(compactRecords(this.model)[0] as UploadRecord);
  }

  /** Applies to the model at once (so a compaction queued later includes it), then makes it durable. */
  private async record(r: UploadRecord): Promise<void> {
    apply(this.model, r);
    const j = this.journal;
    if (!j) return;
    await j.append(r);
    // Rewriting costs the size of the whole state; waiting until the log has grown by at least
    // that much keeps it O(1) per record (a fixed interval made 10 000-file packages quadratic).
    const due = Math.max(this.ctx.deps.settings.compactEvery, this.compactedSize);
    if (j.appendedSinceCompact >= due) {
      const records = compactRecords(this.model);
      this.compactedSize = records.length + (this.model.files?.length ?? 0);
      await j.compact(records);
    }
  }

  protected async persistState(state: TransferState, error?: TransferError): Promise<void> {
    if (state === 'complete' || !this.journal) return;
    await this.record({ t: 'state', s: state, ...(error ? { err: error } : {}) });
  }

  protected async cleanupAfterCancel(): Promise<void> {
    await this.dropJournal();
    await this.session.delete();
  }
}

/** Snapshots travel to the UI several times a second; a huge skip list is summarised. */
const SKIPPED_SHOWN = 200;
function capList(items: string[]): string[] {
  if (items.length <= SKIPPED_SHOWN) return items;
  return [...items.slice(0, SKIPPED_SHOWN), `… and ${items.length - SKIPPED_SHOWN} more`];
}

export const uploadJobFactory: JobFactory<UploadInputParsed> = {
  kind: 'upload',
  create: (id, input, ctx) => UploadJob.create(id, input, ctx),
  restore: (journal, records, ctx) => UploadJob.restore(journal, records, ctx),
};
