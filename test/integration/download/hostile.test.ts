// A hostile MASV look-alike on 127.0.0.1 lists files whose names try to escape the destination
// or break Windows; the download must write nothing outside the destination and account for
// every file in its report.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineDeps } from '../../../electron/engine/deps';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import { tempDir } from './helpers';

const LINK_ID = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
const NAMES: { path: string; name: string }[] = [
  { path: '', name: '../escape' },
  { path: '', name: '/etc/x' },
  { path: '', name: 'C:\\x' },
  { path: 'a/../../b', name: 'c' },
  { path: '..', name: 'up' },
  { path: '', name: 'CON' },
  { path: '', name: 'nul.txt' },
  { path: '', name: 'with\u0000nul' },
  { path: '', name: `${'L'.repeat(300)}.txt` },
  { path: '', name: 'Report.PDF' },
  { path: '', name: 'report.pdf' },
  { path: 'link-dir', name: 'through-symlink' },
];
const files = NAMES.map((n, i) => ({
  id: `F${i}`,
  kind: 'file',
  ...n,
  size: 1000 + i,
  data: Buffer.alloc(1000 + i, 65 + i),
}));
// A wrong MD5 ETag on one file: integrity must be checked.
const BAD_MD5_ID = 'F99';
const badFile = {
  id: BAD_MD5_ID,
  kind: 'file',
  path: '',
  name: 'corrupt.bin',
  size: 2000,
  data: Buffer.alloc(2000, 7),
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const all = [...files, badFile];
    if (url.pathname === `/v1/links/${LINK_ID}`) {
      return json(200, {
        id: LINK_ID,
        package_id: 'P1',
        package_token: 'tok',
        name: 'Evil',
        package_size: 1,
      });
    }
    if (url.pathname === '/v1/packages/P1/files') {
      return json(
        200,
        all.map(({ data: _d, ...f }) => ({ ...f, last_modified: '0001-01-01T00:00:00.000Z' })),
      );
    }
    const dl = /^\/v1\/packages\/P1\/files\/(\w+)\/download$/.exec(url.pathname);
    if (dl) return json(200, { url: `${base}/blob/${dl[1]}` });
    const blob = /^\/blob\/(\w+)$/.exec(url.pathname);
    const f = blob ? all.find((x) => x.id === blob[1]) : undefined;
    if (f) {
      // Ignores Range on purpose, and lies about the MD5 of the corrupt file.
      const md5 = createHash('md5')
        .update(f.id === BAD_MD5_ID ? 'other' : f.data)
        .digest('hex');
      res.writeHead(200, { 'content-length': String(f.data.length), etag: `"${md5}"` });
      res.end(f.data);
      return;
    }
    json(404, { message: 'nope' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel === '' ? name : `${rel}/${name}`;
      out.push(r);
      if (
        statSync(join(dir, r), { throwIfNoEntry: false })?.isDirectory() &&
        !r.endsWith('elsewhere')
      )
        walk(r);
    }
  };
  walk('');
  return out.sort();
}

async function run(dest: string, input: Record<string, unknown> = {}) {
  const deps = createEngineDeps({
    apiUrl: base,
    journalDir: tempDir('masv-dl-journal-'),
    partConcurrency: 3,
  });
  const manager = new TransferManager(deps);
  manager.registerJobType(createDownloadJobFactory({ linkHosts: [new URL(base).host] }));
  try {
    const id = manager.start('download', {
      linkUrl: `${base}/${LINK_ID}?secret=s3cret`,
      destination: dest,
      ...input,
    });
    return { snap: await manager.waitFor(id), files: manager.files(id) };
  } finally {
    await manager.shutdown();
    await deps.dispatcher.close();
  }
}

describe('hostile server', () => {
  it('writes nothing outside the destination and reports every file', async () => {
    const parent = tempDir('masv-dl-hostile-');
    const dest = join(parent, 'dest');
    const elsewhere = join(parent, 'elsewhere');
    mkdirSync(dest);
    mkdirSync(elsewhere);
    // A symlink planted in the destination, pointing out of it.
    symlinkSync(elsewhere, join(dest, 'link-dir'));
    const { snap, files: fileSnaps } = await run(dest, { fileIds: files.map((f) => f.id) });

    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');
    // Nothing escaped: the parent holds only what the test made, and "elsewhere" stayed empty.
    expect(readdirSync(parent).sort()).toEqual(['dest', 'elsewhere']);
    expect(readdirSync(elsewhere)).toEqual([]);
    // Every server file is on disk, under the reported name, with its bytes.
    expect(fileSnaps).toHaveLength(files.length);
    for (const [i, f] of files.entries()) {
      const snapFile = fileSnaps[i]!;
      expect(snapFile.state).toBe('complete');
      expect(readFileSync(join(dest, ...snapFile.path.split('/')))).toEqual(f.data);
    }
    const written = fileSnaps.map((f) => f.path);
    expect(new Set(written).size).toBe(files.length);
    // Linux is case-sensitive: both spellings survive as sent (win32/darwin folding is unit-tested).
    expect(written).toEqual(expect.arrayContaining(['Report.PDF', 'report.pdf']));
    expect(written).toContain('escape');
    expect(written).toContain('etc/x');
    expect(written).toContain('x');
    expect(written).toContain('a/b/c');
    expect(written).toContain('link-dir (1)/through-symlink');
    expect(written.every((p) => !p.split('/').includes('..'))).toBe(true);
    expect(Buffer.byteLength(written.find((p) => p.startsWith('LLL'))!)).toBeLessThanOrEqual(255);
    // Renames are reported (sanitised names and the symlinked folder).
    const renamedFrom = (snap.renamed ?? []).map((r) => r.from);
    expect(renamedFrom).toEqual(
      expect.arrayContaining([
        '../escape',
        '/etc/x',
        'C:\\x',
        'a/../../b/c',
        'link-dir/through-symlink',
      ]),
    );
    expect(listTree(dest).filter((p) => p.endsWith('.part'))).toEqual([]);
  });

  it('a file whose bytes do not match its MD5 ETag fails with an integrity error', async () => {
    const dest = tempDir();
    const { snap, files: got } = await run(dest, { fileIds: [BAD_MD5_ID] });
    // The file fails on its own (bad-files.test.ts has the others going on meanwhile).
    expect(snap).toMatchObject({ state: 'complete', failedFiles: 1, error: { code: 'partial' } });
    expect(got).toEqual([
      expect.objectContaining({
        state: 'failed',
        error: expect.objectContaining({ code: 'integrity' }),
      }),
    ]);
    expect(readdirSync(dest).includes('corrupt.bin')).toBe(false);
  });
});
