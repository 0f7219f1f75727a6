// Serves the BUILT renderer on 127.0.0.1:0 for the browser preview and end-to-end tests, with two changes
// to index.html and nothing else: the bridge shim as a same-origin script before the app's module
// script, and the loopback WebSocket origin added to connect-src. The rest of the CSP stays as
// shipped, so a CSP violation in the app still breaks these tests.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

export interface StaticServerOptions {
  /** A production build of the renderer. */
  root: string;
  /** The bundled bridge shim (JavaScript). */
  shim: string;
  /** The ws:// origin of the transport; read per request because it starts after this server. */
  wsOrigin(): string;
  /** 0 (default) lets the OS choose. */
  port?: number;
}

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export const SHIM_PATH = '/bridge-shim.js';

/** The harness copy of index.html. Throws when the page no longer has what it edits. */
export function harnessIndexHtml(html: string, wsOrigin: string): string {
  const csp = /connect-src 'self'/;
  const moduleScript = /<script type="module"/;
  if (!csp.test(html)) throw new Error('index.html has no "connect-src \'self\'" in its CSP');
  if (!moduleScript.test(html)) throw new Error('index.html has no module script');
  return html
    .replace(csp, `connect-src 'self' ${wsOrigin}`)
    .replace(moduleScript, `<script src=".${SHIM_PATH}"></script>\n    <script type="module"`);
}

export async function startStaticServer(o: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(o.root);
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return void res.writeHead(405, headers).end();
      // Chromium asks for a favicon on its own; the app has none (Electron never asks).
      if (path === '/favicon.ico') return void res.writeHead(204, headers).end();
      if (path === SHIM_PATH)
        return void res.writeHead(200, { ...headers, 'Content-Type': TYPES['.js'] }).end(o.shim);
      if (path === '/' || path === '/index.html') {
        const html = harnessIndexHtml(
          await readFile(resolve(root, 'index.html'), 'utf8'),
          o.wsOrigin(),
        );
        return void res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] }).end(html);
      }
      const file = resolve(root, `.${path}`);
      if (!file.startsWith(root + sep)) return void res.writeHead(404, headers).end();
      const body = await readFile(file).catch(() => undefined);
      if (!body) return void res.writeHead(404, headers).end();
      res
        .writeHead(200, {
          ...headers,
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        })
        .end(body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => done());
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
