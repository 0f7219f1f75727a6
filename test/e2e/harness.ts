// The end-to-end rig: the app's real main-side pieces without Electron. The MASV emulator on
// loopback, the real engine (createEngineDeps + TransferManager with downloads), the deep-link
// router, the real IPC handlers and registry, bound to the loopback WebSocket transport; and the
// BUILT renderer served over HTTP with the bridge shim, for a real Chromium to load.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DeepLinkRouter } from '../../electron/app/deep-link-router';
import { createEngineDeps, MiB } from '../../electron/engine/deps';
import { createDownloadJobFactory } from '../../electron/engine/download/index';
import { TransferManager } from '../../electron/engine/transfer-manager';
import { createAppHandlers } from '../../electron/ipc/app-handlers';
import {
  createPublisher,
  registerHandlers,
  type Handlers,
} from '../../electron/ipc/handler-registry';
import { startWsTransport } from '../../electron/ipc/ws-transport';
import { startEmulator, type Emulator } from '../emulator/index';
import { startStaticServer } from './static-server';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The production renderer that global-setup.ts built for this run. */
function rendererOut(): string {
  const dir = process.env.MASV_E2E_RENDERER_OUT;
  if (!dir) throw new Error('MASV_E2E_RENDERER_OUT is not set: run through playwright.config.ts');
  return dir;
}

export interface Harness {
  emulator: Emulator;
  manager: TransferManager;
  /** The deep-link router: `accept(text)` is what argv, second-instance and open-url call. */
  links: DeepLinkRouter;
  /** Where downloads started from the UI land (the settings' download folder). */
  downloadDir: string;
  /** Origin of the app page; the only origin the transport and the registry trust. */
  appOrigin: string;
  /** The same built app served from another origin: a stand-in for a foreign page. */
  foreignOrigin: string;
  /** Every handler call the registry let through, by channel (for "nothing was called" checks). */
  trustedCalls: string[];
  /** Page URL carrying the WS address and a token: a fresh valid one unless one is given. */
  pageUrl(opts?: { origin?: string; token?: string }): string;
  /** Starts a team upload of one file of random bytes; returns the id and the bytes' path. */
  startUpload(name: string, bytes: number): { id: string; path: string };
  close(): Promise<void>;
}

async function bundleShim(): Promise<string> {
  const out = await build({
    entryPoints: [join(here, 'browser/bridge-shim.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome130',
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no shim');
  return file.text;
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
  const linkHost = new URL(emulator.apiUrl).host;
  const deps = createEngineDeps({
    apiUrl: emulator.apiUrl,
    journalDir: join(work, 'journal'),
    credentials: { apiKey: emulator.demo.apiKey },
    partConcurrency: 2,
  });
  const manager = new TransferManager(deps, { progressIntervalMs: 100 });
  manager.registerJobType(
    createDownloadJobFactory({
      linkHosts: [linkHost],
      apiUrlForHost: (h) => (h === linkHost ? emulator.apiUrl : undefined),
    }),
  );

  let wsUrl = '';
  const shim = await bundleShim();
  const app = await startStaticServer({ root: rendererOut(), shim, wsOrigin: () => wsUrl });
  const foreign = await startStaticServer({ root: rendererOut(), shim, wsOrigin: () => wsUrl });
  const ws = await startWsTransport({
    allowedOrigins: [app.origin],
    onDisconnect: () => router.markNotReady(),
  });
  wsUrl = ws.url;

  const publish = createPublisher(ws.transport);
  const router = new DeepLinkRouter({
    extraHosts: () => [linkHost],
    publish: (action) => publish('links:link-opened', action),
    newToken: () => randomUUID(),
  });
  const offEvents = manager.onEvent((event) => publish('transfers:transfer-changed', event));
  const trustedCalls: string[] = [];
  const handlers = createAppHandlers({
    transfers: manager,
    links: router,
    settings: () => ({
      serverUrl: emulator.apiUrl,
      downloadFolder: downloadDir,
      uploadLimitBytesPerSecond: null,
      downloadLimitBytesPerSecond: null,
    }),
  });
  // Count what reaches the handlers, so a refused page can be shown to have called nothing.
  const counted = Object.fromEntries(
    (Object.entries(handlers) as [string, (input: unknown) => unknown][]).map(([channel, fn]) => [
      channel,
      (input: unknown) => (trustedCalls.push(channel), fn(input)),
    ]),
  ) as unknown as Handlers;
  registerHandlers(ws.transport, counted, {
    isTrustedSender: (sender) =>
      URL.canParse(sender.url) && new URL(sender.url).origin === app.origin,
    logError: (channel, error) => console.error(`[e2e] ${channel} failed:`, error),
  });

  return {
    emulator,
    manager,
    links: router,
    downloadDir,
    appOrigin: app.origin,
    foreignOrigin: foreign.origin,
    trustedCalls,
    pageUrl: (opts = {}) => {
      const fragment = new URLSearchParams({
        bridge: ws.url,
        token: opts.token ?? ws.issueToken(),
      });
      return `${opts.origin ?? app.origin}/index.html#${fragment.toString()}`;
    },
    startUpload: (name, bytes) => {
      const path = join(work, `${name}.bin`);
      writeFileSync(path, randomBytes(bytes));
      const id = manager.startUpload({
        paths: [path],
        name,
        target: { kind: 'team', teamId: emulator.demo.teamId },
        chunkSize: 5 * MiB,
      });
      return { id, path };
    },
    close: async () => {
      offEvents();
      await manager.shutdown().catch(() => undefined);
      await deps.dispatcher.close().catch(() => undefined);
      await ws.close();
      await Promise.all([app.close(), foreign.close()]);
      await emulator.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
