import { request as httpRequest } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createUpload,
  md5Hex,
  MiB,
  putPart,
  randomBuffer,
  send,
  sha256,
  startTestStorage,
  tempDir,
} from './helpers';
import type { TestStorage } from './helpers';

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) => join(e.parentPath, e.name));
}

describe('storage on disk', () => {
  const open: TestStorage[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('keeps an unfinished upload and finished objects across a restart on the same folder', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const first = await startTestStorage({ dataDir });
    open.push(first);
    const p1 = randomBuffer(5 * MiB);
    const p2 = randomBuffer(1000);
    const uploadId = await createUpload(first, 'resume/me.bin');
    const e1 = await putPart(first, 'resume/me.bin', uploadId, 1, p1);
    await first.server.backend.putObject('done.txt', Buffer.from('kept'));
    await first.close();
    open.pop();

    const second = await startTestStorage({ dataDir });
    open.push(second);
    expect(await second.server.backend.hasUpload('resume/me.bin', uploadId)).toBe(true);
    expect(await second.server.backend.listParts(uploadId)).toEqual([
      { partNumber: 1, etag: e1, size: p1.length },
    ]);
    const e2 = await putPart(second, 'resume/me.bin', uploadId, 2, p2);
    await second.server.backend.completeMultipart(
      'resume/me.bin',
      uploadId,
      [
        { partNumber: 1, etag: e1 },
        { partNumber: 2, etag: e2 },
      ],
      { minPartSize: 5 * MiB },
    );
    const got = await send('GET', second.server.backend.presignGetObject('resume/me.bin').url);
    expect(sha256(got.body)).toBe(sha256(Buffer.concat([p1, p2])));
    const kept = await send('GET', second.server.backend.presignGetObject('done.txt').url);
    expect(kept.body.toString()).toBe('kept');
  });

  it('never writes outside the data folder, whatever the key', async () => {
    const parent = await tempDir('storage-jail-');
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    const s = await startTestStorage({ dataDir });
    open.push(s);
    const evil = ['../../escape.txt', '../escape2', '/etc/absolute', 'a/../../../b', '..\\..\\win'];
    for (const key of evil) await s.server.backend.putObject(key, Buffer.from(key));
    // A raw request whose path keeps its dot segments (no client-side URL normalisation).
    const rawPath = `/${s.server.backend.bucket}/%2E%2E/%2E%2E/raw-escape`;
    const status = await new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(s.server.url);
      const req = httpRequest({ hostname, port, path: rawPath, method: 'PUT' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('x');
    });
    expect(status).toBe(403);
    for (const key of evil) {
      const chunks: Buffer[] = [];
      for await (const c of await s.server.backend.readObject(key)) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe(key);
    }
    // Whole `..` segments cannot travel in a URL (WHATWG clients collapse them), other dots can.
    await s.server.backend.putObject('a..b/..c', Buffer.from('dots'));
    expect(
      (await send('GET', s.server.backend.presignGetObject('a..b/..c').url)).body.toString(),
    ).toBe('dots');
    expect(await readdir(parent)).toEqual(['data']);
    const names = (await listTree(dataDir)).map((p) => p.slice(dataDir.length));
    expect(names.some((n) => n.includes('escape') || n.includes('etc'))).toBe(false);
  });

  it('discard mode keeps sizes and correct ETags but no bytes', async () => {
    const s = await startTestStorage({ mode: 'discard' });
    open.push(s);
    const body = randomBuffer(2 * MiB + 5);
    const uploadId = await createUpload(s, 'bench/file');
    const etag = await putPart(s, 'bench/file', uploadId, 1, body);
    expect(etag).toBe(`"${md5Hex(body)}"`);
    // The unfinished upload lives in memory only: nothing of it on disk, not even metadata.
    expect((await listTree(s.dataDir)).filter((f) => f.includes(uploadId))).toEqual([]);
    const info = await s.server.backend.completeMultipart(
      'bench/file',
      uploadId,
      [{ partNumber: 1, etag }],
      { minPartSize: 5 * MiB },
    );
    expect(info.size).toBe(body.length);
    expect(info.etag).toBe(`"${md5Hex(Buffer.from(md5Hex(body), 'hex'))}-1"`);
    const res = await send('GET', s.server.backend.presignGetObject('bench/file').url);
    expect(res.status).toBe(501);
    expect(res.body.toString()).toContain('discard');
    await expect(s.server.backend.readObject('bench/file')).rejects.toMatchObject({
      code: 'NotImplemented',
    });
    const files = await listTree(s.dataDir);
    expect(files.some((f) => f.endsWith(`${uploadId}/1`))).toBe(false);
  });

  it('deletes objects and unfinished uploads by prefix', async () => {
    const s = await startTestStorage();
    open.push(s);
    await s.server.backend.putObject('pkg/a', Buffer.from('a'));
    await s.server.backend.putObject('other/b', Buffer.from('b'));
    const uploadId = await createUpload(s, 'pkg/c');
    await putPart(s, 'pkg/c', uploadId, 1, Buffer.from('c'));
    await s.server.backend.deletePrefix('pkg/');
    expect(await s.server.backend.headObject('pkg/a')).toBeUndefined();
    expect(await s.server.backend.hasUpload('pkg/c', uploadId)).toBe(false);
    expect(await s.server.backend.headObject('other/b')).toBeDefined();
    await s.server.backend.deleteObject('other/b');
    expect(await s.server.backend.headObject('other/b')).toBeUndefined();
    expect((await listTree(join(s.dataDir, 'storage', 'blobs'))).length).toBe(0);
  });
});
