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
import { BaseJob } from '../base-job';
import { DEFAULT_LIMITS, mergeLimits, planChunks } from '../chunk-plan';
import type { SpecLimits } from '../../masv/client';
import { openJournal } from '../journal';
import type { Journal } from '../journal';
import { RateMeter } from '../progress';
import { runAll } from '../run-all';
import type { JobContext, JobFactory, JobSnapshot } from '../transfer-job';
import { WorkPool } from '../work-pool';
import { uploadFile } from './file-pipeline';
import type { FilePipelineContext } from './file-pipeline';
import { PackageSession } from './package-session';
import type { Secrets } from './package-session';
import { scanInputs } from './scan-inputs';
import { StreamRate } from './stream-rate';
import { apply, compactRecords, filePath, newModel, replay } from './upload-model';
import type { UploadFile, UploadModel, UploadRecord } from './upload-model';

export class UploadJob extends BaseJob<UploadRecord> {
  private readonly meter: RateMeter;
  private readonly fileMeters = new Map<number, RateMeter>();
  private bytesAcked = 0;
  private inflight = 0;
  /** Records plus planned files in the last compaction (its rewrite cost). */
  private compactedSize = 0;
  private readonly session: PackageSession;

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
    this.meter = new RateMeter({ clock: ctx.deps.clock });
    this.recount();
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
    const files = this.model.files ?? [];
    const bytesTotal = files.reduce((a, f) => a + f.size, 0);
    const bytesDone = Math.min(bytesTotal, this.bytesAcked + this.inflight);
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
      rateBytesPerSecond: moving ? this.meter.rate() : 0,
      etaSeconds: moving ? this.meter.eta(bytesTotal - bytesDone) : null,
      ...(this.model.packageId ? { packageId: this.model.packageId } : {}),
      ...(this.error ? { error: this.error } : {}),
      ...(this.model.skipped.length ? { skipped: capList(this.model.skipped) } : {}),
      ...(this.model.renamed.length ? { renamed: this.model.renamed } : {}),
    };
  }

  files(): FileProgressSnapshot[] {
    return (this.model.files ?? []).map((f) => {
      const done = this.fileBytes(f);
      const m = this.fileMeters.get(f.i);
      return {
        path: filePath(f),
        size: f.size,
        bytesDone: done,
        state: f.state,
        ...(m && f.state === 'transferring'
          ? { rateBytesPerSecond: m.rate(), etaSeconds: m.eta(f.size - done) }
          : {}),
      };
    });
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

  protected async work(signal: AbortSignal): Promise<'complete' | 'idle'> {
    const { deps } = this.ctx;
    this.setState('preparing');
    this.meter.reset();
    this.fileMeters.clear();
    for (const f of this.model.files ?? []) {
      f.inflight = 0;
      if (!f.done) f.state = 'queued';
    }
    this.recount();
    await this.ensureJournal();
    if (this.model.finalized) return this.finish();
    await this.record({ t: 'state', s: 'transferring' });
    if (!this.model.files) await this.plan(signal);
    if (!this.model.packageId) await this.session.create(signal);
    this.setState('transferring');
    await this.session.addDirectories(signal);
    const files = (this.model.files ?? []).filter((f) => !f.done);
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
      onBytes: (f, n) => this.onBytes(f, n),
      onPartDone: (f, len) => {
        f.inflight -= len;
        this.inflight -= len;
        this.bytesAcked += len;
        this.ctx.notify.progress();
      },
    };
    await runAll(
      files,
      async (f, sig) => {
        await open.run(() => uploadFile(pipeline, f, sig), sig);
        this.fileMeters.delete(f.i);
        this.ctx.notify.progress();
      },
      signal,
    );
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
    const scan = await scanInputs(this.model.input.paths);
    // Empty folders ride along with files; a selection of nothing but folders is a mistake.
    if (scan.files.length === 0)
      throw masvError('invalid-input', {
        message: 'nothing to upload (no files in the selection)',
      });
    const spec = await deps.client.getSpec(signal).catch(() => ({}));
    const limits = mergeLimits(spec);
    const lim = { min: limits.minChunkSize, max: limits.maxChunkSize, count: limits.maxChunkCount };
    const chunk = this.model.input.chunkSize ?? deps.settings.chunkSize;
    const files = scan.files.map((f) => {
      const p = planChunks(f.size, chunk, limits);
      return {
        p: f.absPath,
        d: f.dir,
        n: f.name,
        s: f.size,
        m: f.mtimeMs,
        c: p.chunkSize,
        k: p.partCount,
      };
    });
    const dirs = scan.dirs.map((d) => ({ d: d.dir, n: d.name, m: d.mtimeMs }));
    await this.record({
      t: 'plan',
      files,
      ...(dirs.length > 0 ? { dirs } : {}),
      skipped: scan.skipped,
      renamed: scan.renamed,
      lim,
    });
    this.recount();
  }

  private onBytes(f: UploadFile, n: number): void {
    f.inflight += n;
    this.inflight += n;
    const total = this.bytesAcked + this.inflight;
    this.meter.sample(total);
    let m = this.fileMeters.get(f.i);
    if (!m) this.fileMeters.set(f.i, (m = new RateMeter({ clock: this.ctx.deps.clock })));
    m.sample(this.fileBytes(f));
    this.ctx.notify.progress();
  }

  private fileBytes(f: UploadFile): number {
    if (f.done) return f.size;
    return Math.min(f.size, f.ackedBytes + f.inflight);
  }

  private recount(): void {
    this.bytesAcked = (this.model.files ?? []).reduce(
      (a, f) => a + (f.done ? f.size : this.fileBytes({ ...f, inflight: 0 })),
      0,
    );
    this.inflight = 0;
  }

  private pkg(): { id: string; token: string } {
    if (!this.model.packageId || !this.model.token) throw new Error('package not created yet');
    return { id: this.model.packageId, token: this.model.token };
  }

  private async ensureJournal(): Promise<void> {
    if (this.journal) return;
    this.journal = await openJournal<UploadRecord>(this.ctx.deps.journalDir, this.id);
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

/** The server's limits the plan was made with (older journals: the defaults). */
function planLimits(model: UploadModel): SpecLimits {
  const l = model.limits;
  return l ? { minChunkSize: l.min, maxChunkSize: l.max, maxChunkCount: l.count } : DEFAULT_LIMITS;
}
