// A fake of the preload's bridge for component tests: records every call (subscriptions too) in
// order, answers each channel from a script (an unscripted channel answers with an error, so a
// test cannot pass by calling something by mistake), and lets a test push events.
import { createAppApi, type RawBridge } from '../../renderer/api/bridge';
import { createServices, type Services } from '../../renderer/services';
import type { Place } from '../../renderer/stores/ui-store';
import type { AccountSnapshot, SettingsSnapshot, TransferView } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/schemas/settings';

export type Answer =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export const ok = (value: unknown): Answer => ({ ok: true, value });
export const fail = (code: string, message: string): Answer => ({
  ok: false,
  error: { code, message },
});

export interface FakeBridge {
  raw: RawBridge;
  calls: { channel: string; input?: unknown }[];
  /** Inputs of every call to one channel. */
  inputs(channel: string): unknown[];
  push(channel: string, payload: unknown): void;
  answer(channel: string, fn: (input: unknown) => Answer | Promise<Answer>): void;
  /** What pathForFile answers for a dropped file ('' as in a browser by default). */
  paths: Map<string, string>;
}

export function fakeBridge(
  answers: Record<string, (input: unknown) => Answer | Promise<Answer>> = {},
): FakeBridge {
  const calls: { channel: string; input?: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const script = new Map(Object.entries(answers));
  const paths = new Map<string, string>();
  const raw: RawBridge = {
    invoke: async (channel, input) => {
      calls.push({ channel, input });
      const fn = script.get(channel);
      return fn ? fn(input) : fail('unexpected', `${channel} is not scripted`);
    },
    on: (channel, l) => {
      calls.push({ channel: `on ${channel}` });
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(l);
      return () => set.delete(l);
    },
    pathForFile: (file) => paths.get(file.name) ?? '',
  };
  return {
    raw,
    calls,
    paths,
    inputs: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.input),
    push: (channel, payload) => {
      for (const l of listeners.get(channel) ?? []) l(payload);
    },
    answer: (channel, fn) => void script.set(channel, fn),
  };
}

export function servicesFor(bridge: FakeBridge, place?: Place): Services {
  return createServices(createAppApi(bridge.raw), place);
}

export const signedIn: Extract<AccountSnapshot, { state: 'signed-in' }> = {
  state: 'signed-in',
  serverUrl: 'http://127.0.0.1:8480',
  production: false,
  method: 'api-key',
  teams: [
    { id: 'team-1', name: 'Acme Post' },
    { id: 'team-2', name: 'Second Unit' },
  ],
  teamId: 'team-1',
  secretBackend: 'keychain',
};

export const signedOut: AccountSnapshot = {
  state: 'signed-out',
  serverUrl: 'http://127.0.0.1:8480',
  production: false,
};

export const MiB = 1024 * 1024;

export function transfer(over: Partial<TransferView> = {}): TransferView {
  return {
    id: 'a',
    kind: 'upload',
    state: 'transferring',
    name: 'Dailies',
    createdAt: 1,
    bytesDone: 512 * MiB,
    bytesTotal: 1024 * MiB,
    filesDone: 1,
    filesTotal: 3,
    rateBytesPerSecond: 50 * MiB,
    etaSeconds: 250,
    seq: 1,
    hasLink: false,
    ...over,
  };
}

export const emptyStaging = {
  items: [],
  scanning: [],
  errors: [],
  totals: { files: 0, bytes: 0, folders: 0, emptyFiles: 0, skipped: 0 },
};

/** The settings main reports (defaults unless a test says otherwise). */
export function settings(over: Partial<SettingsSnapshot> = {}): SettingsSnapshot {
  const { version: _v, serverUrl: _s, teamId: _t, teamName: _n, ...values } = DEFAULT_SETTINGS;
  return {
    serverUrl: 'http://127.0.0.1:8480',
    downloadFolder: '/home/me/Downloads',
    uploadLimitBytesPerSecond: null,
    downloadLimitBytesPerSecond: null,
    scheduleInForce: null,
    values,
    ...over,
  };
}

/** Answers for what every window asks at start (account, queue, staging, settings, ready). */
export function startAnswers(
  over: { account?: AccountSnapshot; list?: TransferView[] } = {},
): Record<string, () => Answer> {
  return {
    'account:get': () => ok(over.account ?? signedIn),
    'transfers:list': () => ok(over.list ?? []),
    'staging:get': () => ok(emptyStaging),
    'settings:get': () => ok(settings()),
    'app:ready': () => ok({ pendingLinks: [], host: { kind: 'electron', platform: 'linux' } }),
  };
}
