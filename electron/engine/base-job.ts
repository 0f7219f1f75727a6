// The state machine shared by upload and download jobs: start/pause/resume/cancel around an
// abortable `work(signal)`, and the job's journal (closed on dispose, deleted on forget).
// Subclasses only say how to do the work and how to clean up.
import { setMaxListeners } from 'node:events';
import type {
  FileProgressSnapshot,
  TransferError,
  TransferKind,
  TransferState,
} from '../../shared/transfers';
import { isAbortError, isMasvError } from '../masv/errors';
import type { Journal } from './journal';
import { TransferFailure } from './file-failure';
import { isSignInRequired } from './sign-in';
import type { JobContext, JobSnapshot, TransferJob } from './transfer-job';

const ACTIVE: ReadonlySet<TransferState> = new Set<TransferState>([
  'queued',
  'preparing',
  'transferring',
  'finalizing',
]);
const STARTABLE: ReadonlySet<TransferState> = new Set<TransferState>([
  'queued',
  'paused',
  'failed',
]);

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}

export function toTransferError(e: unknown): TransferError {
  if (isMasvError(e)) return e.toTransferError();
  if (e instanceof TransferFailure) return e.transferError;
  return {
    code: 'internal',
    message: `unexpected error: ${e instanceof Error ? e.message : String(e)}`,
  };
}

export abstract class BaseJob<R = unknown> implements TransferJob {
  protected state: TransferState = 'queued';
  protected error: TransferError | undefined;
  /** Open while this job owns it (see journal.ts); null before the first write and after removal. */
  protected journal: Journal<R> | null = null;
  private runAc: AbortController | null = null;
  private running: Promise<void> | null = null;
  private stopReason: 'pause' | 'cancel' | 'halt' | null = null;
  private settleWaiters: (() => void)[] = [];

  protected constructor(
    readonly id: string,
    readonly kind: TransferKind,
    protected readonly ctx: JobContext,
  ) {}

  abstract snapshot(): JobSnapshot;
  abstract files(): FileProgressSnapshot[];
  /** Does (or continues) the transfer. Throws on failure; must throw when signal aborts. */
  protected abstract work(signal: AbortSignal): Promise<'complete' | 'idle'>;
  /** Server/local cleanup after a cancel (delete the package, remove partial files, drop the journal). */
  protected abstract cleanupAfterCancel(): Promise<void>;
  /** Persists a resting state so a restart restores it (paused stays paused). */
  protected abstract persistState(state: TransferState, error?: TransferError): Promise<void>;

  /** The manager forgets this transfer: its journal goes. */
  async forget(): Promise<void> {
    await this.dropJournal();
  }

  /** Stops in-flight work and lets go of the journal without recording anything (shutdown). */
  async dispose(): Promise<void> {
    await this.halt();
    await this.journal?.close();
    this.journal = null;
  }

  /** Deletes the journal (finished, cancelled or forgotten: nothing left to resume). */
  protected async dropJournal(): Promise<void> {
    await this.journal?.remove();
    this.journal = null;
  }

  get currentState(): TransferState {
    return this.state;
  }

  protected setState(state: TransferState, error?: TransferError): void {
    if (this.state === state && error === undefined) return;
    this.state = state;
    // A pause may carry why it happened ("sign in again"); a user's pause carries nothing.
    this.error = state === 'failed' || state === 'paused' ? error : undefined;
    this.ctx.notify.state();
    if (!this.running && !ACTIVE.has(state)) this.flushSettle();
  }

  private flushSettle(): void {
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    for (const w of waiters) w();
  }

  /** A resting state that may still be started again (a download with failed files, say). */
  protected canRestart(): boolean {
    return false;
  }

  start(): void {
    if (this.running || !(STARTABLE.has(this.state) || this.canRestart())) return;
    this.stopReason = null;
    this.error = undefined;
    const ac = new AbortController();
    // Each in-flight request and queued task listens here; many listeners are expected.
    setMaxListeners(0, ac.signal);
    this.runAc = ac;
    this.running = this.loop(ac.signal).finally(() => {
      this.running = null;
      this.runAc = null;
      this.flushSettle();
    });
  }

  resume(): void {
    this.start();
  }

  private async loop(signal: AbortSignal): Promise<void> {
    try {
      const end = await this.work(signal);
      if (this.stopReason === 'cancel' || this.stopReason === 'halt') return;
      this.setState(end);
      await this.persistState(end).catch((e: unknown) =>
        this.ctx.deps.logger.warn('journal write failed', { error: String(e) }),
      );
    } catch (e) {
      if (this.stopReason === 'cancel' || this.stopReason === 'halt') return;
      if (this.stopReason === 'pause' && (isAbortError(e) || signal.aborted)) {
        this.setState('paused');
        await this.persistState('paused').catch(() => undefined);
        return;
      }
      const err = toTransferError(e);
      if (isSignInRequired(e)) {
        this.ctx.deps.logger.warn(`${this.kind} ${this.id} paused: the credential was rejected`, {
          detail: isMasvError(e) ? e.detail : undefined,
        });
        this.setState('paused', err);
        await this.persistState('paused', err).catch(() => undefined);
        return;
      }
      this.ctx.deps.logger.warn(`${this.kind} ${this.id} failed`, {
        code: err.code,
        detail: isMasvError(e) ? e.detail : e instanceof Error ? e.stack : String(e),
      });
      this.setState('failed', err);
      await this.persistState('failed', err).catch(() => undefined);
    }
  }

  async pause(): Promise<void> {
    if (!ACTIVE.has(this.state)) return;
    this.stopReason = 'pause';
    if (this.running) {
      this.runAc?.abort();
      await this.running;
      return;
    }
    this.setState('paused');
    await this.persistState('paused');
  }

  async cancel(): Promise<void> {
    if (this.state === 'cancelled' || this.state === 'complete') return;
    this.stopReason = 'cancel';
    this.runAc?.abort();
    if (this.running) await this.running;
    try {
      await this.cleanupAfterCancel();
    } finally {
      this.setState('cancelled');
    }
  }

  /** Stops in-flight work without recording a new state (shutdown: a restart resumes it). */
  protected async halt(): Promise<void> {
    if (!this.running) return;
    this.stopReason = 'halt';
    this.runAc?.abort();
    await this.running;
  }

  settled(): Promise<void> {
    if (!this.running && !ACTIVE.has(this.state)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.settleWaiters.push(() => resolve());
    }).then(() => this.settled());
  }
}
