// The engine's front door, used by the desktop app (through IPC) and by the CLI alike.
//
//   const deps = createEngineDeps({ apiUrl, journalDir, credentials: { apiKey } });
//   const manager = new TransferManager(deps);            // upload jobs are built in
//   manager.registerJobType(createDownloadJobFactory(config));  // downloads plug in here
//   const off = manager.onEvent((e) => render(e.snapshot));
//   await manager.restoreFromJournals();                  // resumes what a crash interrupted
//   await manager.restoreFromJournals({ ids: [id] });     // just one (others may be live elsewhere)
//   const id = manager.startUpload({ paths, name, target: { kind: 'team', teamId } });
//   const final = await manager.waitFor(id);              // complete | idle | failed | cancelled
//   await manager.shutdown();                             // stop without forgetting (resumable)
import { ulid } from 'ulid';
import type { z } from 'zod';
import { DownloadInput, isTerminalState, UploadInput } from '../../shared/transfers';
import type {
  FileProgressSnapshot,
  TransferEvent,
  TransferKind,
  TransferSnapshot,
  DownloadInput as DownloadInputType,
  UploadInput as UploadInputType,
} from '../../shared/transfers';
import { masvError } from '../masv/errors';
import type { EngineDeps } from './deps';
import { stat } from 'node:fs/promises';
import { DamagedTransfer } from './damaged-transfer';
import { journalPath, listJournals } from './journal';
import { ProgressPublisher } from './progress';
import { claimJournal } from './restore-journals';
import type { RestoreOptions, RestoreReport } from './restore-journals';
import { isJournalHeader } from './transfer-job';
import type { JobContext, JobFactory, TransferJob } from './transfer-job';
import { UploadJob, uploadJobFactory } from './upload/upload-job';

export type { BusyJournal, RestoreOptions, RestoreReport } from './restore-journals';

export type TransferListener = (event: TransferEvent) => void;

interface Entry {
  job: TransferJob;
  publisher: ProgressPublisher;
}

interface Registered {
  factory: JobFactory<unknown>;
  schema: z.ZodType;
}

const INPUT_SCHEMAS: Record<TransferKind, z.ZodType> = {
  upload: UploadInput,
  download: DownloadInput,
};

export interface TransferManagerOptions {
  /** Minimum gap between progress pushes per transfer (default 250 ms). */
  progressIntervalMs?: number;
}

export class TransferManager {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<TransferListener>();
  private readonly factories = new Map<TransferKind, Registered>();

  constructor(
    readonly deps: EngineDeps,
    private readonly opts: TransferManagerOptions = {},
  ) {
    this.registerJobType(uploadJobFactory);
  }

  /**
   * Plugs in a job kind. start() validates input (defaults applied) before create() with
   * `schema`, by default the kind's shared contract (UploadInput / DownloadInput).
   */
  registerJobType<I>(
    factory: JobFactory<I>,
    schema: z.ZodType = INPUT_SCHEMAS[factory.kind],
  ): void {
    this.factories.set(factory.kind, { factory: factory, schema });
  }

  /** Validates, creates and starts an upload; returns its id at once (work continues in the background). */
  startUpload(input: UploadInputType): string {
    return this.start('upload', input);
  }

  startDownload(input: DownloadInputType): string {
    return this.start('download', input);
  }

  /** Generic start for any registered kind. Throws MasvError('invalid-input') on bad input. */
  start(kind: TransferKind, input: unknown): string {
    const reg = this.factories.get(kind);
    if (!reg)
      throw masvError('invalid-input', { message: `${kind}s are not available in this build` });
    const r = reg.schema.safeParse(input);
    if (!r.success) {
      throw masvError('invalid-input', {
        message: `invalid ${kind}: ${r.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`).join('; ')}`,
      });
    }
    const parsed: unknown = r.data;
    const id = ulid();
    const job = reg.factory.create(id, parsed, this.context(id));
    this.add(job);
    job.start();
    return id;
  }

  /**
   * Re-creates the transfers that have a journal: all of them, or only `ids`. Interrupted ones
   * (the process died while they ran) start again and send only what the server has not
   * acknowledged; paused, idle and failed ones come back in that state. A journal owned by
   * another live process (another `masv`, the desktop app) or another manager is neither opened
   * nor trimmed: it is reported in `busy`.
   */
  async restoreFromJournals(opts: RestoreOptions = {}): Promise<RestoreReport> {
    const dir = this.deps.journalDir;
    const present = await listJournals(dir);
    // Named ids without a journal are ignored rather than created empty.
    const ids = opts.ids ? present.filter((id) => opts.ids?.includes(id)) : present;
    const report: RestoreReport = { restored: [], busy: [] };
    for (const id of ids) {
      if (this.entries.has(id)) continue;
      const claim = await claimJournal(dir, id, this.deps);
      if (claim.kind === 'busy') report.busy.push(claim.busy);
      if (claim.kind === 'unreadable') {
        this.addDamaged(id, claim.reason);
        report.restored.push(id);
      }
      if (claim.kind !== 'open') continue;
      const { journal, records } = claim;
      const header = records[0];
      const reg = isJournalHeader(header) ? this.factories.get(header.kind) : undefined;
      if (!reg && records.length === 0 && (await fileSize(journal.path)) === 0) {
        // Empty: the process stopped before the first record (its header) was durable, so
        // nothing was sent or fetched yet and there is nothing to resume.
        this.deps.logger.warn('removing an empty journal (stopped before its first record)', {
          id,
        });
        await journal.remove();
        continue;
      }
      if (!reg) {
        await journal.close();
        this.addDamaged(id, 'its first record, which says what the transfer is, is damaged');
        report.restored.push(id);
        continue;
      }
      try {
        const job = reg.factory.restore(journal, records, this.context(id));
        this.add(job);
        report.restored.push(id);
        if ((opts.autoResume ?? true) && job.snapshot().state === 'queued') job.start();
      } catch (e) {
        this.deps.logger.warn('could not restore transfer', { id, error: String(e) });
        await journal.close();
        const h = header as { kind: TransferKind; createdAt?: unknown; input?: { name?: unknown } };
        this.addDamaged(
          id,
          `it could not be read back: ${e instanceof Error ? e.message : String(e)}`,
          {
            kind: h.kind,
            ...(typeof h.input?.name === 'string' ? { name: h.input.name } : {}),
            ...(typeof h.createdAt === 'number' ? { createdAt: h.createdAt } : {}),
          },
        );
        report.restored.push(id);
      }
    }
    for (const b of report.busy)
      this.deps.logger.info('transfer left to the process that owns it', { ...b });
    return report;
  }

  async pause(id: string): Promise<void> {
    await this.must(id).job.pause();
  }

  resume(id: string): void {
    this.must(id).job.resume();
  }

  async cancel(id: string): Promise<void> {
    await this.must(id).job.cancel();
  }

  async pauseAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.job.pause()));
  }

  resumeAll(): void {
    for (const e of this.entries.values()) if (e.job.snapshot().state === 'paused') e.job.resume();
  }

  /** Finalizes an upload that was left open (state idle). */
  finalizeUpload(id: string): void {
    const job = this.must(id).job as TransferJob & { finalizeNow?: () => void };
    if (job.kind !== 'upload' || !job.finalizeNow)
      throw masvError('invalid-input', { message: 'only uploads can be finalized' });
    job.finalizeNow();
  }

  /**
   * Adds files and folders to an upload that was left open (idle) and sends them; the package
   * rests open again unless `finalize` is set. Returns how many files were added.
   */
  addUploadFiles(id: string, paths: string[], opts: { finalize?: boolean } = {}): Promise<number> {
    return this.upload(id, 'add files to').addFiles(paths, opts);
  }

  /**
   * Resends the files of an upload that changed while they were sent, as they are now, and
   * continues it (the "resend" button; `masv transfers resume ID --restart-changed`).
   */
  restartChangedFiles(id: string): Promise<number> {
    return this.upload(id, 'resend changed files of').restartChangedFiles();
  }

  /**
   * Leaves an upload's failed files out and finalizes the package without them; only ever on
   * the user's explicit request (`--finalize-without-failed`).
   */
  finalizeWithoutFailed(id: string): Promise<number> {
    return this.upload(id, 'leave failed files out of').finalizeWithoutFailed();
  }

  private upload(id: string, what: string): UploadJob {
    const job = this.must(id).job;
    if (!(job instanceof UploadJob))
      throw masvError('invalid-input', { message: `only uploads can ${what} a package` });
    return job;
  }

  /** Forgets a resting transfer (complete, failed, cancelled, idle, paused) and drops its journal. */
  async remove(id: string): Promise<void> {
    const e = this.must(id);
    const state = e.job.snapshot().state;
    if (!isTerminalState(state) && state !== 'paused')
      throw masvError('invalid-input', { message: 'pause or cancel the transfer first' });
    await e.job.forget();
    await e.job.dispose();
    e.publisher.dispose();
    this.entries.delete(id);
  }

  list(): TransferSnapshot[] {
    return [...this.entries.values()].map((e) => e.publisher.current());
  }

  get(id: string): TransferSnapshot | undefined {
    return this.entries.get(id)?.publisher.current();
  }

  files(id: string): FileProgressSnapshot[] {
    return this.must(id).job.files();
  }

  onEvent(listener: TransferListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the snapshot once the transfer rests (complete, idle, failed, cancelled or paused). */
  async waitFor(id: string): Promise<TransferSnapshot> {
    const e = this.must(id);
    await e.job.settled();
    return e.publisher.current();
  }

  setUploadLimit(bytesPerSecond: number | null): void {
    this.deps.uploadLimiter.setRate(bytesPerSecond);
  }

  setDownloadLimit(bytesPerSecond: number | null): void {
    this.deps.downloadLimiter.setRate(bytesPerSecond);
  }

  /** Parallel part transfers shared by every transfer. */
  setConcurrency(parts: number): void {
    this.deps.pool.setConcurrency(parts);
  }

  /** Stops everything without changing recorded states, so the next start resumes. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.job.dispose()));
    for (const e of this.entries.values()) e.publisher.dispose();
    this.entries.clear();
  }

  /** A journal that cannot be resumed from stays visible as a failed transfer (damaged-transfer.ts). */
  private addDamaged(
    id: string,
    reason: string,
    known: { kind?: TransferKind; name?: string; createdAt?: number } = {},
  ): void {
    this.deps.logger.warn('transfer kept as failed: its journal cannot be used', { id, reason });
    const path = journalPath(this.deps.journalDir, id);
    this.add(
      new DamagedTransfer(id, known.kind ?? 'upload', path, reason, known.name, known.createdAt),
    );
  }

  private context(id: string): JobContext {
    return {
      deps: this.deps,
      notify: {
        state: () => this.entries.get(id)?.publisher.state(),
        progress: () => this.entries.get(id)?.publisher.progress(),
      },
    };
  }

  private add(job: TransferJob): void {
    const publisher = new ProgressPublisher(() => job.snapshot(), {
      clock: this.deps.clock,
      emit: (event) => {
        for (const l of this.listeners) {
          try {
            l(event);
          } catch (err) {
            this.deps.logger.warn('transfer listener threw', { error: String(err) });
          }
        }
      },
      ...(this.opts.progressIntervalMs === undefined
        ? {}
        : { intervalMs: this.opts.progressIntervalMs }),
    });
    this.entries.set(job.id, { job, publisher });
    publisher.state();
  }

  private must(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw masvError('not-found', { message: `no transfer with id ${id}` });
    return e;
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}
