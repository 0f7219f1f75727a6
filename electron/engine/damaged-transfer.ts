// A transfer whose journal exists but cannot be used (unreadable file, no readable header, a
// record the job cannot restore from). It is never dropped silently: it stays in the list as
// failed, with the reason and where the journal is, until the user removes it (which deletes
// the journal). Nothing can be resumed from it, so start and resume refuse in words.
import { rm } from 'node:fs/promises';
import type { FileProgressSnapshot, TransferKind } from '../../shared/transfers';
import { masvError } from '../masv/errors';
import type { JobSnapshot, TransferJob } from './transfer-job';

export class DamagedTransfer implements TransferJob {
  private readonly message: string;

  constructor(
    readonly id: string,
    readonly kind: TransferKind,
    private readonly journalPath: string,
    reason: string,
    private readonly name = `Transfer ${id}`,
    private readonly createdAt = Date.now(),
  ) {
    this.message =
      `Its journal cannot be used (${reason}), so it cannot be resumed. The journal is kept at ` +
      `${journalPath}; remove the transfer to delete it, and start it again.`;
  }

  snapshot(): JobSnapshot {
    return {
      id: this.id,
      kind: this.kind,
      state: 'failed',
      name: this.name,
      createdAt: this.createdAt,
      bytesDone: 0,
      bytesTotal: 0,
      filesDone: 0,
      filesTotal: 0,
      rateBytesPerSecond: 0,
      etaSeconds: null,
      error: { code: 'journal-damaged', message: this.message, permanent: true },
    };
  }

  files(): FileProgressSnapshot[] {
    return [];
  }

  start(): void {
    // Restored transfers are started by the manager only when queued; this one never is.
  }

  resume(): void {
    throw masvError('invalid-input', { message: this.message, retryable: false });
  }

  pause(): Promise<void> {
    return Promise.resolve();
  }

  cancel(): Promise<void> {
    return Promise.reject(masvError('invalid-input', { message: this.message, retryable: false }));
  }

  settled(): Promise<void> {
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }

  async forget(): Promise<void> {
    await rm(this.journalPath, { force: true });
  }
}
