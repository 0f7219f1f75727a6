// A small MASV look-alike on 127.0.0.1 serving one link whose package has good files and bad
// ones: a body shorter than its listed size, a file whose download URL answers 404, a body that
// does not match its MD5 ETag. `repair()` makes every file whole, as a server fixed later would,
// and `gets` counts the storage GETs per file so a test sees what a retry fetched.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LINK_ID = '01HBADBADBADBADBADBADBADBA';

export interface ServedFile {
  id: string;
  path: string;
  name: string;
  data: Buffer;
  fault?: 'short-body' | 'not-found' | 'bad-md5';
}

export interface BadFilesServer {
  base: string;
  linkUrl: string;
  files: ServedFile[];
  gets: Map<string, number>;
  repair(): void;
  close(): Promise<void>;
}

export async function startBadFilesServer(): Promise<BadFilesServer> {
  const files: ServedFile[] = [
    { id: 'FGOOD1', path: '', name: 'good-1.bin', data: randomBytes(3 * 1024 * 1024 + 7) },
    { id: 'FSHORT', path: '', name: 'short.bin', data: randomBytes(200_000), fault: 'short-body' },
    { id: 'FGONE', path: 'sub', name: 'gone.bin', data: randomBytes(1000), fault: 'not-found' },
    { id: 'FMD5', path: 'sub', name: 'garbled.bin', data: randomBytes(5000), fault: 'bad-md5' },
    { id: 'FGOOD2', path: 'sub', name: 'good-2.txt', data: Buffer.from('fine\n') },
  ];
  const gets = new Map<string, number>();
  let repaired = false;
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === `/v1/links/${LINK_ID}`) {
      return json(200, { id: LINK_ID, package_id: 'PB', package_token: 'tok', name: 'Mixed' });
    }
    if (url.pathname === '/v1/packages/PB/files') {
      return json(
        200,
        files.map((f) => ({
          id: f.id,
          kind: 'file',
          path: f.path,
          name: f.name,
          size: f.data.length,
        })),
      );
    }
    const dl = /^\/v1\/packages\/PB\/files\/(\w+)\/download$/.exec(url.pathname);
    if (dl) {
      const f = files.find((x) => x.id === dl[1]);
      if (!f || (f.fault === 'not-found' && !repaired))
        return json(404, { message: 'file not found' });
      return json(200, { url: `${base}/blob/${f.id}` });
    }
    const blob = /^\/blob\/(\w+)$/.exec(url.pathname);
    const f = blob ? files.find((x) => x.id === blob[1]) : undefined;
    if (!f) return json(404, { message: 'nope' });
    gets.set(f.id, (gets.get(f.id) ?? 0) + 1);
    const broken = !repaired ? f.fault : undefined;
    const body = broken === 'short-body' ? f.data.subarray(0, f.data.length - 1000) : f.data;
    const md5 = createHash('md5')
      .update(broken === 'bad-md5' ? Buffer.from('something else') : body)
      .digest('hex');
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && broken === undefined) {
      const start = Number(range[1]);
      const end = range[2] ? Number(range[2]) : body.length - 1;
      res.writeHead(206, {
        'content-length': String(end - start + 1),
        'content-range': `bytes ${start}-${end}/${body.length}`,
        etag: `"${md5}"`,
      });
      res.end(body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length), etag: `"${md5}"` });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    linkUrl: `${base}/${LINK_ID}?secret=s3cret`,
    files,
    gets,
    repair: () => {
      repaired = true;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
