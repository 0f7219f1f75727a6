// What happens when a transfer comes to rest in the app: a finished team upload gets its share
// link, every finished, failed or cancelled transfer goes into the history, and complete or
// cancelled ones let go of their journal (nothing is left to resume) while their row stays in
// the queue until the user clears it.
import type { FileView, TransferView } from '../../shared/schemas/transfer-view';
import type { Logger } from '../engine/deps';
import type { HistoryStore } from '../services/history';
import type { TransferMetaStore } from '../services/transfer-meta';
import type { EngineSession } from './engine-session';
import type { ShareLinks } from './share-links';

export interface TransferOutcomesDeps {
  session: EngineSession;
  records: TransferMetaStore;
  history: HistoryStore;
  links: ShareLinks;
  logger: Logger;
}

export class TransferOutcomes {
  /** Rows that left the engine (complete, cancelled) but stay listed until cleared. */
  private readonly finished = new Map<string, TransferView>();
  private readonly finishedFileLists = new Map<string, FileView[]>();
  private readonly settling = new Set<string>();

  constructor(private readonly deps: TransferOutcomesDeps) {}

  finishedViews(): TransferView[] {
    return [...this.finished.values()];
  }

  isFinished(id: string): boolean {
    return this.finished.has(id);
  }

  finishedFiles(id: string): FileView[] {
    return this.finishedFileLists.get(id) ?? [];
  }

  /** Forgets a finished row (the history keeps it); false when it is not one. */
  forget(id: string): boolean {
    this.finishedFileLists.delete(id);
    if (!this.finished.delete(id)) return false;
    this.deps.records.remove(id);
    return true;
  }

  /** Called for every state event; acts once per resting state. */
  async onState(view: TransferView): Promise<TransferView | undefined> {
    const { state, id } = view;
    if (state !== 'complete' && state !== 'idle' && state !== 'failed' && state !== 'cancelled')
      return undefined;
    if (this.settling.has(id)) return undefined;
    this.settling.add(id);
    try {
      let current = view;
      if (view.kind === 'upload' && (state === 'complete' || state === 'idle'))
        current = (await this.makeLink(view)) ?? view;
      this.recordHistory(current);
      // A download that ended with failed files keeps its journal: a retry fetches only those.
      const partial = (view.failedFiles ?? 0) > 0;
      if ((state === 'complete' && !partial) || state === 'cancelled') {
        const manager = this.deps.session.manager;
        this.finished.set(id, current);
        this.finishedFileLists.set(id, manager.files(id));
        // The job records its final state after announcing it: let it finish before its journal goes.
        await manager
          .waitFor(id)
          .then(() => manager.remove(id))
          .catch((error: unknown) =>
            this.deps.logger.warn('could not drop a finished journal', {
              id,
              error: String(error),
            }),
          );
      }
      return current;
    } finally {
      this.settling.delete(id);
    }
  }

  private async makeLink(view: TransferView): Promise<TransferView | undefined> {
    const record = this.deps.records.get(view.id);
    if (!record?.makeLink || record.teamId === undefined || record.linkId !== undefined)
      return undefined;
    if (view.packageId === undefined) return undefined;
    try {
      const linkId = await this.deps.links.create(
        this.deps.session.client,
        record.teamId,
        view.packageId,
      );
      this.deps.records.save({ ...record, linkId });
      return { ...view, hasLink: true };
    } catch (error) {
      this.deps.logger.warn('the upload worked but no share link was made', {
        id: view.id,
        error: String(error),
      });
      return undefined;
    }
  }

  private recordHistory(view: TransferView): void {
    const record = this.deps.records.get(view.id);
    try {
      this.deps.history.add({
        id: view.id,
        kind: view.kind,
        state: view.state as 'complete' | 'idle' | 'failed' | 'cancelled',
        name: view.name,
        bytesTotal: view.bytesTotal,
        filesTotal: view.filesTotal,
        startedAt: record?.createdAt ?? new Date(view.createdAt).toISOString(),
        finishedAt: new Date().toISOString(),
        ...(record === undefined ? {} : { serverUrl: record.serverUrl }),
        ...(view.packageId === undefined ? {} : { packageId: view.packageId }),
        ...(record?.linkId === undefined ? {} : { linkId: record.linkId }),
        ...(view.destination === undefined ? {} : { destination: view.destination }),
        ...(view.error === undefined ? {} : { error: view.error }),
      });
    } catch (error) {
      this.deps.logger.warn('could not update the history', { id: view.id, error: String(error) });
    }
  }
}
