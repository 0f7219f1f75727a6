// Settings as the window edits them: validated, saved, and applied at once. Part concurrency
// and the bandwidth limits (with the weekly schedule) change running transfers; chunk size,
// download folder and clash policy apply to transfers started next; a new CA file rebuilds the
// engine's connections; theme, notifications, tray and login are the host's to apply.
import { accessSync, constants, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { SettingsSnapshot } from '../../shared/ipc/contract';
import {
  effectiveLimits,
  type BandwidthRule,
  type Settings,
  type SettingsPatch,
} from '../../shared/schemas/settings';
import type { Logger } from '../engine/deps';
import { IpcError } from '../ipc/handler-registry';
import type { SettingsStore } from '../services/settings';
import type { EngineSession } from './engine-session';

export interface SettingsServiceDeps {
  store: SettingsStore;
  session: EngineSession;
  defaultDownloadFolder: string;
  /** Theme, notifications, close-to-tray, launch at login: what only the host can apply. */
  applyToHost?(settings: Settings): void;
  /** A host's fixed parts in flight (the tests' small engine) wins over the setting. */
  partConcurrency?: number;
  logger: Logger;
  now?: () => Date;
}

/** The schedule is checked this often, so a window opens or closes within a minute. */
const SCHEDULE_CHECK_MS = 30_000;

type Listener = (snapshot: SettingsSnapshot) => void;

export class SettingsService {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private applied = '';

  constructor(private readonly deps: SettingsServiceDeps) {}

  /** Applies the saved settings and starts following the schedule. */
  start(): void {
    this.apply(this.deps.store.get());
    this.timer = setInterval(() => this.apply(this.deps.store.get()), SCHEDULE_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): SettingsSnapshot {
    const s = this.deps.store.get();
    const now = effectiveLimits(s, this.now());
    return {
      serverUrl: s.serverUrl,
      downloadFolder: s.downloadFolder ?? this.deps.defaultDownloadFolder,
      uploadLimitBytesPerSecond: now.uploadBytesPerSecond,
      downloadLimitBytesPerSecond: now.downloadBytesPerSecond,
      scheduleInForce: now.rule === undefined ? null : describeRule(now.rule),
      values: {
        chunkSizeBytes: s.chunkSizeBytes,
        partConcurrency: s.partConcurrency,
        uploadLimitBytesPerSecond: s.uploadLimitBytesPerSecond,
        downloadLimitBytesPerSecond: s.downloadLimitBytesPerSecond,
        bandwidthSchedule: s.bandwidthSchedule,
        integrityCheck: s.integrityCheck,
        onConflict: s.onConflict,
        downloadFolder: s.downloadFolder,
        notifications: s.notifications,
        closeToTray: s.closeToTray,
        launchAtLogin: s.launchAtLogin,
        theme: s.theme,
        caFile: s.caFile,
      },
    };
  }

  async update(patch: SettingsPatch): Promise<SettingsSnapshot> {
    if (patch.serverUrl !== undefined || patch.teamId !== undefined || patch.teamName !== undefined)
      throw new IpcError('bad-input', 'The server and team change through sign-in.');
    if (patch.downloadFolder) checkFolder(patch.downloadFolder);
    if (patch.caFile) checkCaFile(patch.caFile);
    const before = this.deps.store.get();
    const next = this.deps.store.update(patch);
    if (next.caFile !== before.caFile) await this.deps.session.rebuild();
    this.apply(next, true);
    return this.snapshot();
  }

  private apply(s: Settings, changed = false): void {
    const limits = effectiveLimits(s, this.now());
    const manager = this.deps.session.manager;
    manager.setConcurrency(this.deps.partConcurrency ?? s.partConcurrency);
    manager.setUploadLimit(limits.uploadBytesPerSecond);
    manager.setDownloadLimit(limits.downloadBytesPerSecond);
    const key = JSON.stringify([limits.uploadBytesPerSecond, limits.downloadBytesPerSecond]);
    if (changed) this.deps.applyToHost?.(s);
    if (changed || key !== this.applied) {
      this.applied = key;
      const snapshot = this.snapshot();
      for (const l of this.listeners) l(snapshot);
    }
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Mon–Fri 09:00–18:00" style words for the status bar. */
export function describeRule(rule: BandwidthRule): string {
  const days = [...rule.days].sort((a, b) => a - b);
  const consecutive = days.every((d, i) => i === 0 || d === (days[i - 1] ?? -2) + 1);
  const dayText =
    days.length === 7
      ? 'Every day'
      : consecutive && days.length > 2
        ? `${DAY_NAMES[days[0] ?? 0]}–${DAY_NAMES[days.at(-1) ?? 0]}`
        : days.map((d) => DAY_NAMES[d]).join(', ');
  return `${dayText} ${rule.start}–${rule.end}`;
}

function checkFolder(folder: string): void {
  if (!isAbsolute(folder)) throw new IpcError('bad-input', 'Choose a folder (a full path).');
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new IpcError(
      'folder-unusable',
      `The app cannot write to ${folder}. Choose another folder or fix its permissions.`,
    );
  }
}

function checkCaFile(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new IpcError('ca-unreadable', `The app cannot read the certificate file ${file}.`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new IpcError('ca-unreadable', `${file} is not a PEM certificate file.`);
}
