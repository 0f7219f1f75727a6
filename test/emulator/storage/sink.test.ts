// The bench-only `sink` storage mode: bodies are counted and dropped without hashing, ETags are
// synthetic (never MD5s) but stable, client digests go unchecked, and reads fail clearly.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTeamPackage,
  finalizeBody,
  startTestEmulator,
  TestClient,
  tokenHeader,
  uploadParts,
} from '../api/test-helpers';
import type { Emulator } from '../types';
import { createUpload, md5Hex, MiB, randomBuffer, send, startTestStorage } from './helpers';
import type { TestStorage } from './helpers';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('sink storage mode', () => {
  let s: TestStorage | undefined;
  let emu: Emulator | undefined;
  afterEach(async () => {
    await s?.close();
    await emu?.close();
    s = undefined;
    emu = undefined;
  });

  it('answers synthetic part ETags, ignores digests, completes, and keeps no bytes', async () => {
    s = await startTestStorage({ mode: 'sink' });
    const uploadId = await createUpload(s, 'big');
    const part1 = randomBuffer(5 * MiB);
    const part2 = randomBuffer(123_457);
    const bp1 = s.server.backend.presignUploadPart('big', uploadId, 1);
    // A wrong Content-MD5 would be a BadDigest in disk/discard mode; the sink does not hash.
    const put1 = await send(bp1.method, bp1.url, {
      headers: { 'content-md5': Buffer.alloc(16).toString('base64') },
      body: part1,
    });
    expect(put1.status).toBe(200);
    expect(put1.headers.etag).toBe(`"sink-1-${part1.length}"`);
    expect(put1.headers.etag).not.toContain(md5Hex(part1));
    const bp2 = s.server.backend.presignUploadPart('big', uploadId, 2);
    const put2 = await send(bp2.method, bp2.url, { body: part2 });
    expect(put2.headers.etag).toBe(`"sink-2-${part2.length}"`);
    // The same part again gives the same ETag, so a retried part still matches at completion.
    const again = await send(bp2.method, bp2.url, { body: part2 });
    expect(again.headers.etag).toBe(put2.headers.etag);

    const info = await s.server.backend.completeMultipart(
      'big',
      uploadId,
      [
        { partNumber: 1, etag: String(put1.headers.etag) },
        { partNumber: 2, etag: String(put2.headers.etag) },
      ],
      { minPartSize: 5 * MiB },
    );
    const total = part1.length + part2.length;
    expect(info).toMatchObject({ key: 'big', size: total, etag: `"sink-multipart-2-${total}"` });
    expect((await s.server.backend.putObject('small', Buffer.from('hello'))).etag).toBe(
      '"sink-object-5"',
    );
    // Only metadata reached the disk: no part or blob file holds body bytes.
    const files = await filesUnder(join(s.dataDir, 'storage'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith('.json'))).toBe(true);

    const get = await send('GET', s.server.backend.presignGetObject('big').url);
    expect(get.status).toBe(501);
    expect(get.body.toString()).toContain('<Code>NotImplemented</Code>');
    expect(get.body.toString()).toContain(
      'stored in sink mode (for benchmarks): its bytes were not kept',
    );
  });

  it('round-trips parts and finalize through the API, then refuses the download clearly', async () => {
    emu = await startTestEmulator({ apiPort: 0, storagePort: 0, storageMode: 'sink' });
    const c = new TestClient(emu.apiUrl);
    const pkg = await createTeamPackage(c, emu);
    const data = randomBuffer(5 * MiB + 1000);
    const up = await uploadParts(c, pkg.id, pkg.token, { name: 'a.bin', data, partSize: 5 * MiB });
    expect(up.parts.map((p) => p.etag)).toEqual([`"sink-1-${5 * MiB}"`, '"sink-2-1000"']);
    const fin = await c.call('POST', `/v1/packages/${pkg.id}/files/${up.fileId}/finalize`, {
      headers: tokenHeader(pkg.token),
      json: finalizeBody(up, data.length),
    });
    expect(fin.status).toBe(200);
    const done = await c.call('POST', `/v1/packages/${pkg.id}/finalize`, {
      headers: tokenHeader(pkg.token),
      json: { size: data.length },
    });
    expect(done.status).toBe(200);
    const dl = await c.call('GET', `/v1/packages/${pkg.id}/files/${up.fileId}/download`, {
      headers: tokenHeader(pkg.token),
    });
    expect(dl.status).toBe(200);
    const get = await c.getBytes(dl.json.url);
    expect(get.status).toBe(501);
    expect(get.body.toString()).toContain('its bytes were not kept');
  });
});
