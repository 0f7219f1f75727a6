// The end-to-end rig: the local MASV service on loopback and the app core (the same composition
// the Electron app and `npm run preview` use) served to Chromium by the preview server. The only
// doubles are the host's seams that need Electron: the open dialog returns the paths a test set,
// and the clipboard keeps what was copied.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import type { DeepLinkRouter } from '../../electron/core/deep-link-router';
import { MiB } from '../../electron/engine/deps';
import type { TransferManager } from '../../electron/engine/transfer-manager';
import type { Handlers } from '../../electron/ipc/handler-registry';
import { startPreviewServer } from '../../electron/preview/preview-server';
import { loadKeytar } from '../../electron/services/credential-store';
import { createFileLogger } from '../../electron/services/file-logger';
import { resolveAppPaths } from '../../electron/services/paths';
import { SettingsStore } from '../../electron/services/settings';
import { startEmulator, type Emulator } from '../emulator/index';
import { testHost, type HostDoubles } from '../fakes/test-host';

/** The production renderer that global-setup.ts built for this run. */
function rendererOut(): string {
  const dir = process.env.MASV_E2E_RENDERER_OUT;
  if (!dir) throw new Error('MASV_E2E_RENDERER_OUT is not set: run through playwright.config.ts');
  return dir;
}

/** The host's doubles (dialogs, clipboard, notifications, …) come with the harness. */
export interface Harness extends HostDoubles {
  emulator: Emulator;
  core: AppCore;
  manager: TransferManager;
  /** The deep-link router: `accept(text)` is what argv, second-instance and open-url call. */
  links: DeepLinkRouter;
  /** Where downloads started from the UI land (the settings' download folder). */
  downloadDir: string;
  /** A folder for a test's source files. */
  work: string;
  appOrigin: string;
  /** The same built app served from another origin: a stand-in for a foreign page. */
  foreignOrigin: string;
  /** Every handler call the registry let through, by channel (for "nothing was called" checks). */
  trustedCalls: string[];
  /** Page URL carrying the WS address and a token: a fresh valid one unless one is given. */
  pageUrl(opts?: { origin?: string; token?: string }): string;
  /** The text last put on the clipboard (undefined when nothing was copied). */
  clipboard(): string | undefined;
  /** Signs the core in with the demo account's API key (as if through the window). */
  signIn(): Promise<void>;
  /** Starts a team upload of one file of random bytes through the engine. */
  startUpload(name: string, bytes: number): { id: string; path: string };
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const work = mkdtempSync(join(tmpdir(), 'masv-e2e-'));
  const downloadDir = join(work, 'downloads');
  // The user's chosen download folder exists; the engine refuses to create a missing one.
  mkdirSync(downloadDir);
  const emulator = await startEmulator({
    dataDir: join(work, 'emulator'),
    apiPort: 0,
    storagePort: 0,
  });
  const paths = resolveAppPaths({
    env: { MASV_HOME: join(work, 'app') },
    platform: process.platform,
    home: work,
  });
  new SettingsStore({ dir: paths.configDir }).update({
    serverUrl: emulator.apiUrl,
    downloadFolder: downloadDir,
  });

  // The app's own log file (what the secrets scan reads), with problems echoed to the console.
  const fileLog = createFileLogger(paths.logsDir);
  const { host, doubles } = testHost({
    paths,
    logger: {
      debug: (m, f) => fileLog.debug(m, f),
      info: (m, f) => fileLog.info(m, f),
      warn: (m, f) => (fileLog.warn(m, f), console.warn(`[e2e core] ${m}`, f ?? '')),
      error: (m, f) => (fileLog.error(m, f), console.error(`[e2e core] ${m}`, f ?? '')),
    },
    keychain: loadKeytar,
    defaultDownloadFolder: downloadDir,
    engine: { partConcurrency: 2, chunkSize: 5 * MiB, progressIntervalMs: 100 },
  });
  const core = createAppCore(host);
  await core.start();
  // Most journeys start signed in; the sign-in journey signs out first.
  await core.account.signIn({ method: 'api-key', apiKey: emulator.demo.apiKey });

  const trustedCalls: string[] = [];
  // Count what reaches the handlers, so a refused page can be shown to have called nothing.
  const counted = (handlers: Handlers) =>
    Object.fromEntries(
      (Object.entries(handlers) as [string, (input: unknown) => unknown][]).map(([channel, fn]) => [
        channel,
        (input: unknown) => (trustedCalls.push(channel), fn(input)),
      ]),
    ) as unknown as Handlers;
  const preview = await startPreviewServer({
    core,
    rendererDir: rendererOut(),
    foreignOrigin: true,
    wrapHandlers: counted,
    log: (m) => console.error(`[e2e preview] ${m}`),
  });

  return {
    emulator,
    core,
    get manager() {
      return core.session.manager;
    },
    links: core.links,
    downloadDir,
    work,
    appOrigin: preview.appOrigin,
    foreignOrigin: preview.foreignOrigin ?? '',
    trustedCalls,
    pageUrl: (opts) => preview.pageUrl(opts),
    ...doubles,
    clipboard: () => doubles.copied.at(-1),
    signIn: async () => {
      if (core.account.get().state === 'signed-in') return;
      await core.account.signIn({ method: 'api-key', apiKey: emulator.demo.apiKey });
    },
    startUpload: (name, bytes) => {
      const path = join(work, `${name}.bin`);
      writeFileSync(path, randomBytes(bytes));
      const id = core.session.manager.startUpload({
        paths: [path],
        name,
        target: { kind: 'team', teamId: emulator.demo.teamId },
        chunkSize: 5 * MiB,
      });
      return { id, path };
    },
    close: async () => {
      await preview.close();
      await core.close();
      await emulator.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
