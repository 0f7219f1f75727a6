// The transfer engine as the app core holds it: one engine for the server the user is signed in
// to. New credentials go straight into its client (running transfers pick them up); another
// server means pausing what runs, closing this engine and opening one for the new server, which
// restores that server's unfinished transfers. Events leave here as TransferViews (no secrets).
import type { TransferSnapshot } from '../../shared/transfers';
import type { TransferView, TransferViewEvent } from '../../shared/schemas/transfer-view';
import type { Credentials } from '../masv/client';
import type { Logger } from '../engine/deps';
import type { TransferSecrets } from '../engine/journal-secrets';
import type { ApiLogEntry } from '../masv/api-log';
import type { TransferManager } from '../engine/transfer-manager';
import { createEngine, type Engine, type EngineOptions } from '../services/engine-factory';
import type { TransferMeta, TransferMetaStore } from '../services/transfer-meta';

export interface EngineSessionDeps {
  journalDir: string;
  /** The keychain, for the secrets journals must not hold. */
  secrets: TransferSecrets;
  records: TransferMetaStore;
  logger: Logger;
  /** Where each API log entry goes (the persistent api.log). */
  apiLogSink?: (entry: ApiLogEntry) => void;
  /** Engine options that come from settings (read at each (re)build). */
  engineOptions(): Omit<
    EngineOptions,
    'serverUrl' | 'journalDir' | 'credentials' | 'logger' | 'apiLogSink'
  >;
  progressIntervalMs?: number;
}

type Listener = (event: TransferViewEvent) => void;

const ACTIVE = new Set(['queued', 'preparing', 'transferring', 'finalizing']);

export class EngineSession {
  private engine: Engine;
  private off: () => void;
  private readonly listeners = new Set<Listener>();
  /** Why main paused a transfer (signed out, server changed); cleared when it moves again. */
  private readonly pauseReasons = new Map<string, string>();

  constructor(
    private readonly deps: EngineSessionDeps,
    private server: string,
    private credentials: Credentials | undefined,
  ) {
    this.engine = this.build();
    this.off = this.listen();
  }

  get serverUrl(): string {
    return this.server;
  }

  get manager(): TransferManager {
    return this.engine.manager;
  }

  get client() {
    return this.engine.deps.client;
  }

  /** Restores the unfinished transfers of this server (the app's own and the CLI's). */
  async restore(): Promise<void> {
    const ids = this.deps.records
      .ids()
      .filter((id) => this.deps.records.get(id)?.serverUrl === this.server);
    if (ids.length === 0) return;
    const report = await this.manager.restoreFromJournals({ ids });
    for (const busy of report.busy)
      this.deps.logger.info('transfer is running in another process', { id: busy.id });
  }

  /** Same server, other credentials (sign-in, sign-out): running transfers carry on with them. */
  setCredentials(credentials: Credentials | undefined): void {
    this.credentials = credentials;
    this.engine.deps.client.setCredentials(credentials);
  }

  /** Pauses the given transfers (or every active one) and says why in the queue. */
  async pauseWithReason(reason: string, filter: (s: TransferSnapshot) => boolean = () => true) {
    const targets = this.manager.list().filter((s) => ACTIVE.has(s.state) && filter(s));
    for (const s of targets) this.pauseReasons.set(s.id, reason);
    await Promise.all(targets.map((s) => this.manager.pause(s.id)));
    return targets.length;
  }

  /** Another server: what runs pauses (resumable when the user comes back), then a new engine. */
  async switchServer(serverUrl: string, credentials: Credentials | undefined): Promise<void> {
    if (serverUrl === this.server) return this.setCredentials(credentials);
    await this.pauseWithReason(`Paused because the app switched to another server.`);
    const before = this.manager.list().map((s) => s.id);
    this.off();
    await this.engine.close();
    for (const id of before) this.emitRemoved(id);
    this.server = serverUrl;
    this.credentials = credentials;
    this.engine = this.build();
    this.off = this.listen();
    await this.restore();
  }

  /**
   * New connection settings (a CA file): what runs pauses, the engine is rebuilt on the same
   * server, its transfers come back, and the ones that were moving carry on.
   */
  async rebuild(): Promise<void> {
    const moving = this.manager
      .list()
      .filter((s) => ACTIVE.has(s.state))
      .map((s) => s.id);
    await this.pauseWithReason('Paused while the connection settings change.');
    this.off();
    await this.engine.close();
    this.engine = this.build();
    this.off = this.listen();
    await this.restore();
    for (const id of moving) if (this.manager.get(id)?.state === 'paused') this.manager.resume(id);
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with ids that left the list (removed, or of the previous server). */
  onRemoved: (id: string) => void = () => undefined;

  list(): TransferView[] {
    return this.manager.list().map((s) => this.view(s));
  }

  /** Pushes the current view of one transfer (after its record changed, say). */
  republish(id: string): void {
    const s = this.manager.get(id);
    if (s) this.emit({ type: 'state', snapshot: this.view(s) });
  }

  view(s: TransferSnapshot): TransferView {
    const { linkUrl: _secretBearing, ...rest } = s;
    const record: TransferMeta | undefined = this.deps.records.get(s.id);
    const reason = s.state === 'paused' ? this.pauseReasons.get(s.id) : undefined;
    return {
      ...rest,
      hasLink: record?.linkId !== undefined,
      ...(record?.place === undefined ? {} : { place: record.place }),
      ...(reason === undefined ? {} : { pauseReason: reason }),
    };
  }

  async close(): Promise<void> {
    this.off();
    await this.engine.close();
  }

  private build(): Engine {
    return createEngine({
      ...this.deps.engineOptions(),
      serverUrl: this.server,
      journalDir: this.deps.journalDir,
      secrets: this.deps.secrets,
      logger: this.deps.logger,
      ...(this.deps.apiLogSink === undefined ? {} : { apiLogSink: this.deps.apiLogSink }),
      ...(this.credentials === undefined ? {} : { credentials: this.credentials }),
      ...(this.deps.progressIntervalMs === undefined
        ? {}
        : { progressIntervalMs: this.deps.progressIntervalMs }),
    });
  }

  private listen(): () => void {
    return this.engine.manager.onEvent((event) => {
      if (event.snapshot.state !== 'paused') this.pauseReasons.delete(event.snapshot.id);
      this.emit({ type: event.type, snapshot: this.view(event.snapshot) });
    });
  }

  private emit(event: TransferViewEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (error) {
        this.deps.logger.warn('transfer listener threw', { error: String(error) });
      }
    }
  }

  private emitRemoved(id: string): void {
    this.pauseReasons.delete(id);
    this.onRemoved(id);
  }
}
