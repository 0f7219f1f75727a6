// The whole upload → link → download lifecycle over real HTTP against the real storage plane.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { Emulator } from '../types';
import {
  finalizeBody,
  sha256,
  startTestEmulator,
  TestClient,
  tokenHeader,
  uploadFile,
  uploadParts,
} from './test-helpers';

const MiB = 1024 * 1024;

function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          out.set(entry.fileName, Buffer.alloc(0));
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('upload and download lifecycle', () => {
  let emu: Emulator;
  let c: TestClient;
  const big = randomBytes(2 * 5 * MiB + 1000);
  const state: {
    pid: string;
    token: string;
    bigId: string;
    emptyId: string;
    dlToken: string;
    bigUrl: string;
  } = {
    pid: '',
    token: '',
    bigId: '',
    emptyId: '',
    dlToken: '',
    bigUrl: '',
  };

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('creates a package with a lower-case x-api-key header', async () => {
    const r = await c.call('POST', `/v1/teams/${emu.demo.teamId}/packages`, {
      headers: { 'x-api-key': emu.demo.apiKey },
      json: { name: 'Shoot day 1', description: 'raw', recipients: [] },
    });
    expect(r.status).toBe(201);
    expect(r.json.state).toBe('new');
    expect(r.json.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(typeof r.json.access_token).toBe('string');
    state.pid = r.json.id;
    state.token = r.json.access_token;
  });

  it('uploads a 3-part file and finalizes it; an identical repeat answers 200', async () => {
    const up = await uploadParts(c, state.pid, state.token, {
      name: 'clip.bin',
      path: '/day1/cam-a/',
      data: big,
      partSize: 5 * MiB,
    });
    expect(up.parts).toHaveLength(3);
    expect(up.parts[0]!.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const fin = await c.call('POST', `/v1/packages/${state.pid}/files/${up.fileId}/finalize`, {
      headers: tokenHeader(state.token),
      json: finalizeBody(up, big.length),
    });
    expect(fin.status).toBe(200);
    expect(fin.json).toMatchObject({
      id: up.fileId,
      name: 'clip.bin',
      path: 'day1/cam-a',
      size: big.length,
      state: 'finalized',
    });
    // Same completion, other spelling: part_number as numbers and unquoted ETags.
    const repeat = await c.call('POST', `/v1/packages/${state.pid}/files/${up.fileId}/finalize`, {
      headers: tokenHeader(state.token),
      json: {
        chunk_extras: up.parts.map((p) => ({
          part_number: Number(p.partNumber),
          etag: p.etag.replace(/"/g, ''),
        })),
        file_extras: { upload_id: up.uploadId },
        size: big.length,
      },
    });
    expect(repeat.status).toBe(200);
    state.bigId = up.fileId;
  });

  it('uploads a zero-byte file as one empty part', async () => {
    const up = await uploadFile(c, state.pid, state.token, {
      name: 'empty.txt',
      data: Buffer.alloc(0),
      partSize: 5 * MiB,
    });
    expect(up.parts).toHaveLength(1);
    state.emptyId = up.fileId;
  });

  it('adds a directory entry without a blueprint', async () => {
    const r = await c.call('POST', `/v1/packages/${state.pid}/files`, {
      headers: tokenHeader(state.token),
      json: { kind: 'directory', name: 'empty-dir', path: 'day1', size: 0 },
    });
    expect(r.status).toBe(201);
    expect(r.json.file).toMatchObject({ kind: 'directory', size: 0, path: 'day1' });
    expect(r.json.create_blueprint).toBeUndefined();
    expect(r.json).toMatchObject({
      max_chunk_count: 10000,
      max_chunks_count: 10000,
      min_chunk_size: 5 * MiB,
    });
  });

  it('finalizes the package with its size', async () => {
    const r = await c.call('POST', `/v1/packages/${state.pid}/finalize`, {
      headers: tokenHeader(state.token),
      json: { size: big.length },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ state: 'finalized', size: big.length, total_files: 2 });
  });

  it('opens a link and lists files with zip entries, each with a path', async () => {
    const link = await c.call('POST', `/v1/packages/${state.pid}/links`, {
      headers: tokenHeader(state.token),
      json: { email: '' },
    });
    expect(link.status).toBe(201);
    expect(link.json.download_secret).toMatch(/^[A-Za-z0-9]{16}$/);
    const open = await c.call(
      'GET',
      `/v1/links/${link.json.id}?secret=${link.json.download_secret}`,
    );
    expect(open.status).toBe(200);
    expect(open.json).toMatchObject({
      package_id: state.pid,
      package_size: big.length,
      name: 'Shoot day 1',
    });
    state.dlToken = open.json.package_token;
    const list = await c.call('GET', `/v1/packages/${state.pid}/files`, {
      headers: tokenHeader(state.dlToken),
    });
    expect(list.status).toBe(200);
    const kinds = list.json.map((f: any) => f.kind).sort();
    expect(kinds).toEqual(['directory', 'file', 'file', 'zip_mac', 'zip_windows']);
    for (const f of list.json) expect(typeof f.path).toBe('string');
  });

  it('downloads the 3-part file with the same SHA-256, and a byte range', async () => {
    const dl = await c.call('GET', `/v1/packages/${state.pid}/files/${state.bigId}/download`, {
      headers: tokenHeader(state.dlToken),
    });
    expect(dl.status).toBe(200);
    expect(dl.json).toMatchObject({ size: big.length, name: 'clip.bin' });
    expect(Date.parse(dl.json.expiry)).toBeGreaterThan(Date.now());
    state.bigUrl = dl.json.url;
    const whole = await c.getBytes(dl.json.url);
    expect(whole.status).toBe(200);
    expect(sha256(whole.body)).toBe(sha256(big));
    const part = await c.getBytes(dl.json.url, { Range: `bytes=${5 * MiB - 10}-${5 * MiB + 9}` });
    expect(part.status).toBe(206);
    expect(part.body.equals(big.subarray(5 * MiB - 10, 5 * MiB + 10))).toBe(true);
    const empty = await c.call('GET', `/v1/packages/${state.pid}/files/${state.emptyId}/download`, {
      headers: tokenHeader(state.dlToken),
    });
    const emptyBytes = await c.getBytes(empty.json.url);
    expect(emptyBytes.status).toBe(200);
    expect(emptyBytes.body.length).toBe(0);
  });

  it('builds the windows and mac zips, which unzip to the same bytes', async () => {
    const list = await c.call('GET', `/v1/packages/${state.pid}/files`, {
      headers: tokenHeader(state.dlToken),
    });
    for (const kind of ['zip_windows', 'zip_mac']) {
      const entry = list.json.find((f: any) => f.kind === kind);
      const dl = await c.call('GET', `/v1/packages/${state.pid}/files/${entry.id}/download`, {
        headers: tokenHeader(state.dlToken),
      });
      expect(dl.status).toBe(200);
      expect(dl.json.size).toBe(entry.size);
      const zip = await c.getBytes(dl.json.url);
      expect(zip.body.length).toBe(entry.size);
      const files = await unzip(zip.body);
      expect([...files.keys()].sort()).toEqual([
        'day1/cam-a/clip.bin',
        'day1/empty-dir/',
        'empty.txt',
      ]);
      expect(sha256(files.get('day1/cam-a/clip.bin')!)).toBe(sha256(big));
      expect(files.get('empty.txt')!.length).toBe(0);
    }
  });

  it('deletes the package: 204, then its ids are gone', async () => {
    const del = await c.call('DELETE', `/v1/packages/${state.pid}`, {
      headers: tokenHeader(state.token),
    });
    expect(del.status).toBe(204);
    const again = await c.call('GET', `/v1/packages/${state.pid}/files`, {
      headers: tokenHeader(state.token),
    });
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ code: 404, message: 'package not found' });
    // Its bytes went with it: a still-valid pre-signed URL now finds nothing.
    expect((await c.getBytes(state.bigUrl)).status).toBe(404);
  });

  it('answers the spec route without credentials', async () => {
    const r = await c.call('GET', '/v1/system/packages/spec');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      max_chunk_count: 10000,
      max_chunks_count: 10000,
      max_chunk_size: 5 * 1024 ** 3,
      min_chunk_size: 5 * MiB,
    });
  });

  it('serves the seeded demo package through its link page and link', async () => {
    const page = await c.call('GET', emu.demo.linkUrl, { headers: { Accept: 'application/json' } });
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ package_id: emu.demo.packageId, state: 'finalized' });
    const html = await c.call('GET', emu.demo.linkUrl);
    expect(html.headers.get('content-type')).toContain('text/html');
    const wrong = await c.call('GET', `${emu.linkBaseUrl}/${emu.demo.linkId}?secret=nope`);
    expect(wrong.status).toBe(404);
  });
});
