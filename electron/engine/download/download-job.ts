// A link download as a TransferJob: open the link (before creating anything), plan safe names,
// check the disk, then fetch files (many small ones at once, big ones as parallel ranges) with
// every durable byte journaled so pause, crash and restart resume where the bytes stopped.
import { rm } from 'node:fs/promises';
import type { MasvLink } from '../../../shared/links';
import { DEFAULT_DOWNLOAD_PART_SIZE } from '../../../shared/transfers';
import type {
  DownloadInputParsed,
  FileProgressSnapshot,
  TransferError,
  TransferState,
} from '../../../shared/transfers';
import { abortedError, isMasvError, masvError } from '../../masv/errors';
import { BaseJob, toTransferError } from '../base-job';
import { isDownloadFileFailure, partialError } from '../file-failure';
import { MiB } from '../deps';
import { openJournal } from '../journal';
import type { Journal } from '../journal';
import { RateMeter } from '../progress';
import type { JobContext, JobSnapshot } from '../transfer-job';
import { DownloadBook } from './download-book';
import type { FileEntry } from './download-book';
import type { DownloadRecord, DownloadRequest, ReplayedDownload } from './download-journal';
import { createDirectories } from './empty-dirs';
import { downloadFile } from './file-download';
import type { FileDownloadContext } from './file-download';
import { createDestination, realDestination, resolveInside } from './fs-guard';
import { apiUrlFor, clientFor, parseLinkOrThrow, publicLinkText } from './link-session';
import type { DownloadClient, LinkConfig } from './link-session';
import { openDownload, prepareDownload, reopenSession } from './prepare-download';
import type { OpenedDownload } from './prepare-download';
import { markPermanent } from './download-errors';
import { checkFreeSpace } from './preflight';
import { runEach } from './run-each';

export interface DownloadJobOptions extends LinkConfig {
  /** Parallel ranges per big file (the shared pool bounds the total). Default 4. */
  rangesPerFile?: number;
  /**
   * Bytes written to one file between background fdatasyncs; each sync journals what it covered
   * (so a crash re-fetches at most about this much per file). Default 64 MiB.
   */
  checkpointBytes?: number;
  /** Time between those syncs when fewer bytes arrive (slow links). Default 1 s. */
  checkpointMs?: number;
  /** Smallest disk write. Default 1 MiB. */
  writeBatchBytes?: number;
}

type RestingState = Extract<DownloadRecord, { t: 'state' }>['state'];

/** States a restart must restore as they were (the others resume). */
function isRestingState(state: TransferState): state is RestingState {
  return state === 'paused' || state === 'failed' || state === 'complete' || state === 'cancelled';
}

export class DownloadJob extends BaseJob<DownloadRecord> {
  private readonly link: MasvLink;
  private client: DownloadClient | undefined;
  private readonly book = new DownloadBook();
  private readonly meter: RateMeter;
  private compacting = false;

  constructor(
    id: string,
    private readonly createdAt: number,
    private readonly request: DownloadRequest,
    private readonly password: string | undefined,
    journal: Journal<DownloadRecord> | null,
    ctx: JobContext,
    private readonly opts: DownloadJobOptions,
    replayed?: ReplayedDownload,
  ) {
    super(id, 'download', ctx);
    this.journal = journal;
    this.link = parseLinkOrThrow(request.linkUrl, opts);
    this.meter = new RateMeter({ clock: ctx.deps.clock });
    if (replayed) this.adopt(replayed);
  }

  static create(
    id: string,
    input: DownloadInputParsed,
    ctx: JobContext,
    opts: DownloadJobOptions,
  ): DownloadJob {
    const { password, ...rest } = input;
    const request: DownloadRequest = { ...rest };
    return new DownloadJob(id, ctx.deps.clock.now(), request, password, null, ctx, opts);
  }

  static restore(
    journal: Journal<DownloadRecord>,
    replayed: ReplayedDownload,
    ctx: JobContext,
    opts: DownloadJobOptions,
  ): DownloadJob {
    if (!replayed.id || !replayed.request) throw new Error('download journal has no request');
    return new DownloadJob(
      replayed.id,
      replayed.createdAt ?? ctx.deps.clock.now(),
      replayed.request,
      undefined,
      journal,
      ctx,
      opts,
      replayed,
    );
  }

  private adopt(r: ReplayedDownload): void {
    this.book.session = r.session;
    if (r.plan) this.book.usePlan(r.plan, r);
    if (r.lastState !== undefined) this.state = r.lastState;
    if (r.lastState === 'failed' && r.lastError !== undefined) this.error = r.lastError;
  }

  snapshot(): JobSnapshot {
    const totals = this.book.totals();
    const moving = this.state === 'transferring';
    const snap: JobSnapshot = {
      id: this.id,
      kind: 'download',
      state: this.state,
      name: this.book.session?.name ?? this.link.linkId,
      createdAt: this.createdAt,
      ...totals,
      rateBytesPerSecond: moving ? this.meter.rate() : 0,
      etaSeconds: moving ? this.meter.eta(totals.bytesTotal - totals.bytesDone) : null,
      linkUrl: publicLinkText(this.link),
      destination: this.request.destination,
    };
    if (this.book.session) snap.packageId = this.book.session.packageId;
    if (this.error) snap.error = this.error;
    const failed = this.book.failed().length;
    if (failed > 0) {
      snap.failedFiles = failed;
      if (this.state === 'complete') snap.error = partialError(failed, 'download');
    }
    if (this.book.plan) {
      snap.skipped = this.book.plan.skipped;
      snap.renamed = this.book.renamed();
    }
    return snap;
  }

  files(): FileProgressSnapshot[] {
    return this.book.files();
  }

  /** "Complete with N failed files": a retry fetches only those. */
  protected override canRestart(): boolean {
    return this.state === 'complete' && this.book.failed().length > 0;
  }

  protected async work(signal: AbortSignal): Promise<'complete'> {
    try {
      return await this.download(signal);
    } catch (e) {
      throw markPermanent(e);
    }
  }

  private async download(signal: AbortSignal): Promise<'complete'> {
    this.setState('preparing');
    // The link opens and the folder is checked before anything local exists: a wrong secret,
    // a link that is gone or a folder that cannot be made leaves no folder and no journal.
    const opened = this.book.plan ? undefined : await this.openLink(signal);
    if (opened && this.request.createDestination) await createDestination(this.request.destination);
    const root = await realDestination(this.request.destination);
    await this.ensureJournal();
    if (opened) await this.prepare(root, opened);
    this.client ??= clientFor(
      this.book.session?.apiUrl ?? apiUrlFor(this.link, this.opts),
      this.ctx.deps,
    );
    // Cheap and idempotent: a resume simply makes sure they exist.
    await createDirectories(root, this.book.plan?.dirs ?? []);
    const pending = this.book.pending();
    // Files that failed last time get another try (the others are complete and stay so).
    for (const e of pending) {
      if (e.state !== 'failed') continue;
      e.state = 'queued';
      delete e.error;
    }
    await checkFreeSpace(
      root,
      pending.reduce((n, e) => n + e.file.size - e.done.size, 0),
    );
    if (signal.aborted) throw abortedError();
    this.meter.reset();
    this.setState('transferring');
    // Download tokens expire (days; seconds on a strict test server) while the link still
    // works: open it again whenever that happens, unless a fresh token is refused before a
    // single byte moved (then it is not an expiry, and retrying would only loop).
    let files = pending;
    for (let refusedIdle = 0; ;) {
      const before = this.book.bytesWritten();
      try {
        await this.runFiles(root, files, signal);
        return 'complete';
      } catch (e) {
        if (!isMasvError(e) || e.code !== 'auth-rejected' || signal.aborted) throw e;
        refusedIdle = this.book.bytesWritten() > before ? 0 : refusedIdle + 1;
        if (refusedIdle > 1) throw e;
        await this.reopen(signal);
        files = files.filter((p) => p.state !== 'complete' && p.state !== 'failed');
      }
    }
  }

  private async reopen(signal: AbortSignal): Promise<void> {
    const session = this.book.session;
    if (!session || !this.client) return;
    const fresh = await reopenSession(this.client, this.link, this.password, session, signal);
    await this.record(fresh);
    this.book.session = fresh;
  }

  private async ensureJournal(): Promise<Journal<DownloadRecord>> {
    if (this.journal) return this.journal;
    const journal = await openJournal<DownloadRecord>(
      this.ctx.deps.journalDir,
      this.id,
      this.ctx.deps,
    );
    this.journal = journal;
    // Header and request land together (written aside, then renamed in): a kill between two
    // appends left a header without its request, a journal no restart could use or drop.
    await journal.compact([
      { t: 'header', kind: 'download', v: 1, id: this.id, createdAt: this.createdAt },
      { t: 'request', request: this.request },
    ]);
    return journal;
  }

  private openLink(signal: AbortSignal): Promise<OpenedDownload> {
    return openDownload({
      link: this.link,
      config: this.opts,
      deps: this.ctx.deps,
      password: this.password,
      signal,
    });
  }

  private async prepare(root: string, opened: OpenedDownload): Promise<void> {
    const { client, session, plan } = await prepareDownload({
      link: this.link,
      opened,
      request: this.request,
      root,
    });
    this.client = client;
    await this.record(session);
    await this.record(plan);
    this.book.session = session;
    this.book.usePlan(plan);
    this.ctx.notify.state();
  }

  /** Many files at once; each file's ranges and every GET share the engine's pool. */
  private runFiles(root: string, pending: FileEntry[], signal: AbortSignal): Promise<void> {
    return runEach(pending, this.ctx.deps.pool.concurrency, signal, (entry, both) =>
      this.downloadOne(root, entry, both),
    );
  }

  private async downloadOne(root: string, entry: FileEntry, signal: AbortSignal): Promise<void> {
    entry.state = 'transferring';
    try {
      const finalPath = await downloadFile(this.fileContext(root, entry, signal), entry);
      this.book.noteMoved(entry, finalPath);
      entry.state = 'complete';
      this.book.setBytes(entry, entry.file.size);
      this.ctx.notify.progress();
    } catch (e) {
      // Only journaled bytes count: they are what a resume will not fetch again.
      this.book.setBytes(entry, entry.done.size);
      if (signal.aborted || !isDownloadFileFailure(e)) {
        // The transfer as a whole stops (paused, or failed for a reason all files share).
        entry.state = 'queued';
        throw e;
      }
      // A 404 is this file's own problem only while the package is still there: when the
      // package itself went, the listing fails too and the whole download ends with it.
      if (isMasvError(e) && e.code === 'not-found') await this.confirmPackage(signal, entry);
      // This file's own problem: it is marked with its reason and the others go on.
      const err = toTransferError(e);
      this.ctx.deps.logger.warn('a file of the download failed', {
        id: this.id,
        code: err.code,
        detail: isMasvError(e) ? e.detail : undefined,
      });
      await this.record({ t: 'file-failed', f: entry.file.id, err });
      this.ctx.notify.state();
    }
  }

  private async confirmPackage(signal: AbortSignal, entry: FileEntry): Promise<void> {
    const session = this.book.session;
    if (!session || !this.client) return;
    try {
      await this.client.listFiles(session.packageId, session.packageToken, signal);
    } catch (e) {
      entry.state = 'queued';
      throw e;
    }
  }

  private fileContext(root: string, entry: FileEntry, signal: AbortSignal): FileDownloadContext {
    const { deps } = this.ctx;
    const session = this.book.session;
    const client = this.client;
    if (!session || !client)
      throw masvError('invalid-input', { message: 'the download was not prepared' });
    return {
      source: client,
      packageId: session.packageId,
      packageToken: session.packageToken,
      root,
      pool: deps.pool,
      controlPool: deps.controlPool,
      limiter: deps.downloadLimiter,
      clock: deps.clock,
      random: deps.random,
      settings: {
        partSize: this.request.partSize ?? DEFAULT_DOWNLOAD_PART_SIZE,
        partAttempts: deps.settings.partAttempts,
        rangesPerFile: this.opts.rangesPerFile ?? 4,
        writeBatchBytes: Math.max(MiB, this.opts.writeBatchBytes ?? MiB),
        checkpointBytes: this.opts.checkpointBytes ?? 64 * MiB,
        checkpointMs: this.opts.checkpointMs ?? 1000,
        stallTimeoutMs: deps.settings.stallTimeoutMs,
      },
      signal,
      record: (rec) => this.record(rec),
      onWritten: (n) => {
        this.book.wrote(entry, n);
        this.meter.sample(this.book.bytesWritten());
        this.ctx.notify.progress();
      },
      onRetry: (info) =>
        deps.logger.info('download retry', {
          id: this.id,
          code: info.error.code,
          attempt: info.attempt,
        }),
    };
  }

  /** Journals a record, keeping the in-memory book (used for compaction) in step first. */
  private async record(rec: DownloadRecord): Promise<void> {
    const journal = this.journal;
    if (!journal) throw new Error('journal not open');
    this.book.apply(rec);
    const written = journal.append(rec);
    if (
      journal.appendedSinceCompact >= this.ctx.deps.settings.compactEvery &&
      !this.compacting &&
      this.book.plan
    ) {
      // Built synchronously from memory, so it is queued after every record already appended.
      this.compacting = true;
      void journal
        .compact(this.book.compactView(this.id, this.createdAt, this.request))
        .catch((e: unknown) =>
          this.ctx.deps.logger.warn('download journal compaction failed', {
            id: this.id,
            error: String(e),
          }),
        )
        .finally(() => {
          this.compacting = false;
        });
    }
    await written;
  }

  protected async persistState(state: TransferState, error?: TransferError): Promise<void> {
    if (this.journal && isRestingState(state))
      await this.journal.append({ t: 'state', state, ...(error ? { err: error } : {}) });
  }

  /** Keeps finished files; removes unfinished .part files and the journal. */
  protected async cleanupAfterCancel(): Promise<void> {
    const root = this.book.plan?.destination;
    if (root) {
      for (const e of this.book.entries.values()) {
        if (e.state === 'complete') continue;
        await rm(resolveInside(root, e.file.partPath), { force: true }).catch(() => undefined);
      }
    }
    await this.dropJournal();
  }
}
