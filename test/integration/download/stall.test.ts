// A storage server that stops sending in the middle of a body (the socket stays open, no FIN,
// no RST) must not hang the download until undici's 120 s body timeout: after stallTimeoutMs
// without a byte the GET is aborted and retried from the last byte written.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineDeps } from '../../../electron/engine/deps';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { hashTree, MiB, sha256, tempDir } from './helpers';

const LINK_ID = '01H' + 'Z'.repeat(22) + 'Y';
const DATA = randomBytes(3 * MiB);
// Not a multiple of the write batch: what arrived before the stall is kept to the byte.
const STALL_AT = MiB + 12_345;

let server: Server;
let base: string;
const ranges: (string | undefined)[] = [];
const stalled: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === `/v1/links/${LINK_ID}`)
      return json({ id: LINK_ID, package_id: 'P1', package_token: 'tok', name: 'Stall' });
    if (url.pathname === '/v1/packages/P1/files')
      return json([
        {
          id: 'F1',
          kind: 'file',
          path: 'cam',
          name: 'clip.bin',
          size: DATA.length,
          last_modified: '2026-01-01T00:00:00.000Z',
        },
      ]);
    if (url.pathname === '/v1/packages/P1/files/F1/download')
      return json({ url: `${base}/blob/F1`, size: DATA.length });
    if (url.pathname !== '/blob/F1') {
      res.writeHead(404).end();
      return;
    }
    ranges.push(req.headers.range);
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m?.[2] ? Number(m[2]) : DATA.length - 1;
    res.writeHead(m ? 206 : 200, {
      'content-length': String(end - start + 1),
      ...(m ? { 'content-range': `bytes ${start}-${end}/${DATA.length}` } : {}),
    });
    if (ranges.length === 1) {
      // The first answer goes quiet part-way through and never finishes.
      res.write(DATA.subarray(start, STALL_AT));
      stalled.push(res);
      return;
    }
    res.end(DATA.subarray(start, end + 1));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of stalled) res.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('download stall detection', () => {
  it('aborts a GET that stops mid-body and resumes from the last written byte', async () => {
    const deps = createEngineDeps({
      apiUrl: base,
      journalDir: tempDir('masv-dl-journal-'),
      partConcurrency: 2,
      settings: { stallTimeoutMs: 300, retry: { baseMs: 10, capMs: 50, maxRetryAfterMs: 1000 } },
    });
    const manager = new TransferManager(deps);
    manager.registerJobType(
      createDownloadJobFactory({ linkHosts: [new URL(base).host], rangesPerFile: 1 }),
    );
    try {
      const dest = tempDir();
      const id = manager.startDownload({
        linkUrl: `${base}/${LINK_ID}?secret=s`,
        destination: dest,
        partSize: 64 * MiB,
      });
      const snap = await manager.waitFor(id);
      expect(snap.error).toBeUndefined();
      expect(snap.state).toBe('complete');
      expect(hashTree(dest)).toEqual(new Map([['cam/clip.bin', sha256(DATA)]]));
      // One stalled GET, then one that starts exactly where the bytes stopped.
      expect(ranges).toEqual([
        `bytes=0-${DATA.length - 1}`,
        `bytes=${STALL_AT}-${DATA.length - 1}`,
      ]);
    } finally {
      await manager.shutdown();
      await deps.dispatcher.close();
    }
  });
});
