// Protocol surprises during a whole download: an HTML error page for the listing, answers with
// unexpected extra fields, storage answers that overstate their Content-Length and stop, bodies
// cut mid-stream, HTML 503 pages instead of bytes. The download retries through them and ends
// with every byte right; a listing whose shape never makes sense ends in a clear error with
// nothing written. No crash, no corrupt file either way.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineDeps } from '../../../electron/engine/deps';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { tempDir } from './helpers';

const LINK = '01HSVRPR7SE5VRPR7SE5VRPR7S';
const MiB = 1024 * 1024;
const FILES = [
  { id: 'FA', path: 'x', name: 'a.bin', data: randomBytes(4 * MiB + 11) },
  { id: 'FB', path: '', name: 'b.bin', data: randomBytes(1.5 * MiB) },
];
const HTML = (status: number) =>
  `<!DOCTYPE html><html><body><h1>${status} from the proxy</h1></body></html>`;

let server: Server;
let base = '';
/** 'weird' answers every listing with a shape no client can read. */
let listing: 'flaky' | 'weird' = 'flaky';
let listCalls = 0;
const blobCalls = new Map<string, number>();

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === `/v1/links/${LINK}`)
      return json(res, 200, { id: LINK, package_id: 'PS', package_token: 't', extra: { a: [1] } });
    if (url.pathname === '/v1/packages/PS/files') {
      listCalls++;
      if (listing === 'weird') return json(res, 200, { data: { entries: 'none' } });
      if (listCalls === 1) {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end(HTML(502));
      }
      return json(
        res,
        200,
        FILES.map((f) => ({
          id: f.id,
          kind: 'file',
          path: f.path,
          name: f.name,
          size: f.data.length,
          surprise: true,
        })),
      );
    }
    const dl = /^\/v1\/packages\/PS\/files\/(\w+)\/download$/.exec(url.pathname);
    if (dl) return json(res, 200, { url: `${base}/blob/${dl[1]}`, unknown_field: 'ignored' });
    const f = FILES.find((x) => url.pathname === `/blob/${x.id}`);
    if (!f) return json(res, 404, { message: 'nope' });
    const n = (blobCalls.get(f.id) ?? 0) + 1;
    blobCalls.set(f.id, n);
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m?.[2] ? Number(m[2]) : f.data.length - 1;
    const slice = f.data.subarray(start, end + 1);
    const head = {
      'content-range': `bytes ${start}-${end}/${f.data.length}`,
      etag: '"multipart-etag-2"',
    };
    switch (n % 4) {
      case 1: // Content-Length says the whole range; a third arrives, then the socket closes.
        res.writeHead(206, { ...head, 'content-length': String(slice.length) });
        res.write(slice.subarray(0, Math.floor(slice.length / 3)));
        return void setImmediate(() => res.socket?.destroy());
      case 2: // An HTML error page where bytes were due.
        res.writeHead(503, { 'content-type': 'text/html' });
        return res.end(HTML(503));
      case 3: // Cut in the middle, no error status at all.
        res.writeHead(206, { ...head, 'content-length': String(slice.length) });
        res.write(slice.subarray(0, Math.floor(slice.length / 2)));
        return void res.socket?.destroy();
      default:
        res.writeHead(206, { ...head, 'content-length': String(slice.length) });
        return res.end(slice);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function download(dest: string) {
  const deps = createEngineDeps({
    apiUrl: base,
    journalDir: tempDir('masv-dl-journal-'),
    partConcurrency: 2,
    settings: { retry: { baseMs: 5, capMs: 20, maxRetryAfterMs: 50 }, partAttempts: 6 },
  });
  const manager = new TransferManager(deps);
  manager.registerJobType(createDownloadJobFactory({ linkHosts: [new URL(base).host] }));
  try {
    const id = manager.startDownload({
      linkUrl: `${base}/${LINK}?secret=s`,
      destination: dest,
      partSize: MiB,
    });
    return await manager.waitFor(id);
  } finally {
    await manager.shutdown();
    await deps.dispatcher.close();
  }
}

describe('protocol surprises during a download', () => {
  it('retries through lying lengths, cut bodies and HTML pages, and every byte is right', async () => {
    const dest = tempDir();
    const snap = await download(dest);
    expect(snap.error, JSON.stringify(snap.error)).toBeUndefined();
    expect(snap.state).toBe('complete');
    for (const f of FILES)
      expect(readFileSync(join(dest, f.path, f.name)).equals(f.data), f.name).toBe(true);
    expect(listCalls).toBe(2);
    // Each range saw every kind of bad answer before a good one.
    expect(Math.min(...blobCalls.values())).toBeGreaterThanOrEqual(4);
  });

  it('a listing in a shape nobody knows ends in a clear error, nothing written', async () => {
    listing = 'weird';
    const dest = tempDir();
    const snap = await download(dest);
    expect(snap.state).toBe('failed');
    expect(snap.error).toEqual({
      code: 'invalid-response',
      message: 'MASV sent an answer this app does not understand',
    });
    expect(readdirSync(dest)).toEqual([]);
  });
});
