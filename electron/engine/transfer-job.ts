// The seam between the TransferManager and a kind of transfer (upload, download). A job kind
// registers a JobFactory; the manager never needs to know how a job moves bytes.
import type { FileProgressSnapshot, TransferKind, TransferSnapshot } from '../../shared/transfers';
import type { EngineDeps } from './deps';
import type { Journal } from './journal';

/** A snapshot without the sequence number (the manager's publisher adds it). */
export type JobSnapshot = Omit<TransferSnapshot, 'seq'>;

/** How a job tells the manager something changed. */
export interface JobNotifier {
  /** State or other structural change: pushed at once. */
  state(): void;
  /** Bytes moved: coalesced to a few pushes per second. */
  progress(): void;
}

export interface JobContext {
  deps: EngineDeps;
  notify: JobNotifier;
}

export interface TransferJob {
  readonly id: string;
  readonly kind: TransferKind;
  snapshot(): JobSnapshot;
  /** Per-file progress (computed on demand; can be long). */
  files(): FileProgressSnapshot[];
  /** Starts or continues the transfer (queued, paused, failed, or restored). Idempotent while running. */
  start(): void;
  /** Aborts in-flight requests at once; resolves when nothing is running any more. */
  pause(): Promise<void>;
  /** Same as start() for a paused or failed job. */
  resume(): void;
  /** Stops and cleans up (uploads delete the package on the server). */
  cancel(): Promise<void>;
  /** Resolves when the job rests: complete, failed, cancelled, idle or paused. */
  settled(): Promise<void>;
  /** Releases files/journal handles without changing state (app shutdown). */
  dispose(): Promise<void>;
  /** Drops the journal of a resting transfer the manager is removing. */
  forget(): Promise<void>;
}

/**
 * Every journal starts with a header record naming its kind, so restoreFromJournals can hand
 * it to the right factory. Jobs write it first, before any other record.
 */
export interface JournalHeader {
  t: 'header';
  kind: TransferKind;
  v: number;
  id: string;
  createdAt: number;
}

export function isJournalHeader(r: unknown): r is JournalHeader {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return (
    o.t === 'header' && (o.kind === 'upload' || o.kind === 'download') && typeof o.id === 'string'
  );
}

export interface JobFactory<Input> {
  readonly kind: TransferKind;
  /** A new transfer; `input` is already validated by the manager's schema. */
  create(id: string, input: Input, ctx: JobContext): TransferJob;
  /**
   * A transfer found on disk after a restart. `records` are every intact journal record
   * (header first); the journal stays open and belongs to the job from here on.
   */
  restore(journal: Journal, records: unknown[], ctx: JobContext): TransferJob;
}
