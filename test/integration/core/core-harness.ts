// An app core on a fresh local MASV service, as a host would build it, with the host's seams as
// doubles (dialog paths, clipboard) and a keychain that is in memory unless a test asks for the
// real one. Handlers are called the way the window calls them: through the registry, so inputs
// and outputs are checked against the contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../../../electron/core/app-core';
import type { AppHost } from '../../../electron/core/host';
import { MiB } from '../../../electron/engine/deps';
import {
  registerHandlers,
  type IpcTransport,
  type SenderInfo,
} from '../../../electron/ipc/handler-registry';
import type { KeychainBackend } from '../../../electron/services/credential-store';
import { resolveAppPaths, type AppPaths } from '../../../electron/services/paths';
import { SettingsStore } from '../../../electron/services/settings';
import type { InvokeChannel, PushChannel } from '../../../shared/ipc/channels';
import type { InvokeInput, InvokeOutput, IpcResult } from '../../../shared/ipc/contract';
import { startEmulator, type Emulator } from '../../emulator/index';
import { memoryKeychain } from '../../fakes/memory-keychain';
import { testHost, type HostDoubles } from '../../fakes/test-host';

export interface CoreHarness extends HostDoubles {
  emu: Emulator;
  core: AppCore;
  paths: AppPaths;
  work: string;
  keychain: KeychainBackend;
  pushes: { channel: PushChannel; payload: unknown }[];
  /** The host's seams: dialogs, clipboard, notifications, file manager, browser. */
  /** Calls a channel through the registry; resolves with the value or rejects with the code. */
  call<C extends InvokeChannel>(
    channel: C,
    ...input: InvokeInput<C> extends undefined ? [] : [InvokeInput<C>]
  ): Promise<InvokeOutput<C>>;
  /** The raw envelope, for error codes and messages. */
  raw(channel: InvokeChannel, input?: unknown): Promise<IpcResult<unknown>>;
  close(): Promise<void>;
}

export async function startCore(
  o: {
    keychain?: KeychainBackend;
    emu?: Emulator;
    work?: string;
    engine?: AppHost['engine'];
  } = {},
): Promise<CoreHarness> {
  const work = o.work ?? mkdtempSync(join(tmpdir(), 'core-it-'));
  const emu = o.emu ?? (await startEmulator({ dataDir: join(work, 'service') }));
  const paths = resolveAppPaths({
    env: { MASV_HOME: join(work, 'app') },
    platform: process.platform,
    home: work,
  });
  new SettingsStore({ dir: paths.configDir }).update({ serverUrl: emu.apiUrl });
  const keychain = o.keychain ?? memoryKeychain();
  const { host, doubles } = testHost({
    paths,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    keychain: () => Promise.resolve(keychain),
    defaultDownloadFolder: join(work, 'downloads'),
    engine: o.engine ?? { partConcurrency: 2, chunkSize: 5 * MiB, progressIntervalMs: 50 },
  });
  const core = createAppCore(host);
  const pushes: CoreHarness['pushes'] = [];
  core.onPush((channel, payload) => pushes.push({ channel, payload }));
  const registered = new Map<string, (s: SenderInfo, raw: unknown) => Promise<unknown>>();
  const transport: IpcTransport = {
    handle: (c, fn) => void registered.set(c, fn),
    send: () => undefined,
  };
  registerHandlers(transport, core.handlers, { isTrustedSender: () => true });
  await core.start();
  const raw = async (channel: InvokeChannel, input?: unknown) =>
    (await registered.get(channel)?.(
      { url: 'app://bundle/index.html' },
      input,
    )) as IpcResult<unknown>;
  return {
    emu,
    core,
    paths,
    work,
    keychain,
    pushes,
    ...doubles,
    raw,
    call: async (channel, ...input) => {
      const r = await raw(channel, input[0]);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as never;
    },
    close: async () => {
      await core.close();
      if (!o.emu) await emu.close();
      if (!o.work) rmSync(work, { recursive: true, force: true });
    },
  };
}
