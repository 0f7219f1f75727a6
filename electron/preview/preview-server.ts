// Serves the real window to a browser: the built renderer, the bridge shim, and the app core's
// handlers over the loopback WebSocket transport (one-time token per page, the trusted-origin
// check kept). Used by `npm run preview` and by the end-to-end tests; never by the packaged app.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { AppCore } from '../core/app-core';
import { createPublisher, registerHandlers, type Handlers } from '../ipc/handler-registry';
import { startWsTransport } from '../ipc/ws-transport';
import { startStaticServer, type StaticServer } from './static-server';

const SHIM_ENTRY = fileURLToPath(new URL('../../renderer/preview/bridge-shim.ts', import.meta.url));

export interface PreviewServerOptions {
  core: AppCore;
  /** A production build of the renderer (scripts/build-renderer.mjs). */
  rendererDir: string;
  /** Port for the page (0 = any free port). */
  port?: number;
  /** Also serve the same page from a second origin, which must be refused (security tests). */
  foreignOrigin?: boolean;
  /** Lets tests observe what reaches the handlers. */
  wrapHandlers?: (handlers: Handlers) => Handlers;
  log?: (message: string) => void;
}

export interface PreviewServer {
  /** Origin of the app page: the only origin the transport and the registry trust. */
  appOrigin: string;
  foreignOrigin?: string;
  /** The page URL with the WebSocket address and a fresh one-time token (or the given one). */
  pageUrl(opts?: { origin?: string; token?: string }): string;
  close(): Promise<void>;
}

export async function startPreviewServer(o: PreviewServerOptions): Promise<PreviewServer> {
  let wsUrl = '';
  const shim = await bundleShim();
  const servers: StaticServer[] = [];
  const app = await startStaticServer({
    root: o.rendererDir,
    shim,
    wsOrigin: () => wsUrl,
    ...(o.port === undefined ? {} : { port: o.port }),
  });
  servers.push(app);
  if (o.foreignOrigin)
    servers.push(await startStaticServer({ root: o.rendererDir, shim, wsOrigin: () => wsUrl }));

  const ws = await startWsTransport({
    allowedOrigins: [app.origin],
    onDisconnect: () => o.core.links.markNotReady(),
    ...(o.log === undefined ? {} : { log: o.log }),
  });
  wsUrl = ws.url;
  registerHandlers(ws.transport, o.wrapHandlers?.(o.core.handlers) ?? o.core.handlers, {
    isTrustedSender: (sender) =>
      URL.canParse(sender.url) && new URL(sender.url).origin === app.origin,
    logError: (channel, error) => o.log?.(`${channel} failed: ${String(error)}`),
  });
  const off = o.core.onPush(createPublisher(ws.transport));

  return {
    appOrigin: app.origin,
    ...(servers[1] === undefined ? {} : { foreignOrigin: servers[1].origin }),
    pageUrl: (opts = {}) => {
      const fragment = new URLSearchParams({
        bridge: ws.url,
        token: opts.token ?? ws.issueToken(),
      });
      return `${opts.origin ?? app.origin}/index.html#${fragment.toString()}`;
    },
    close: async () => {
      off();
      await ws.close();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

async function bundleShim(): Promise<string> {
  const out = await build({
    entryPoints: [SHIM_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome130',
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no bridge shim');
  return file.text;
}
