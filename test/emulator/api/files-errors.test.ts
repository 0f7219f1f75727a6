// Add-file, chunk-URL and finalize-file rules: path normalisation, hostile names, every 400/409.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import {
  createTeamPackage,
  finalizeBody,
  startTestEmulator,
  TestClient,
  tokenHeader,
  uploadParts,
  type UploadedFile,
} from './test-helpers';

const MiB = 1024 * 1024;

describe('files: validation and errors', () => {
  let emu: Emulator;
  let c: TestClient;
  let pid = '';
  let token = '';

  const add = (json: unknown, t = token, p = pid) =>
    c.call('POST', `/v1/packages/${p}/files`, { headers: tokenHeader(t), json });
  const finalize = (fileId: string, json: unknown) =>
    c.call('POST', `/v1/packages/${pid}/files/${fileId}/finalize`, {
      headers: tokenHeader(token),
      json,
    });

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
    ({ id: pid, token } = await createTeamPackage(c, emu));
  });
  afterAll(async () => {
    await emu.close();
  });

  it.each([
    ['/a//b/./c/', 'a/b/c'],
    ['', ''],
    ['/', ''],
    ['subfolder/', 'subfolder'],
    ['día 1/cámara', 'día 1/cámara'],
  ])('normalises path %j to %j', async (path, expected) => {
    const r = await add({ kind: 'file', name: 'f.bin', path, size: 1 });
    expect(r.status).toBe(201);
    expect(r.json.file.path).toBe(expected);
  });

  it.each([
    [{ name: '..', path: '' }, "name must not contain '..'"],
    [{ name: '.', path: '' }, "name must not be '.'"],
    [{ name: '', path: '' }, 'name must not be empty'],
    [{ name: 'a/b', path: '' }, 'name must not contain /'],
    [{ name: '/etc/passwd', path: '' }, 'name must not contain /'],
    [{ name: 'a\\b', path: '' }, 'name must not contain backslashes'],
    [{ name: 'a\u0000b', path: '' }, 'name must not contain NUL'],
    [{ name: 'ok', path: '../etc' }, "path must not contain '..'"],
    [{ name: 'ok', path: 'a/../../b' }, "path must not contain '..'"],
    [{ name: 'ok', path: 'C:/Windows' }, 'path must be relative (drive letters are not allowed)'],
    [{ name: 'ok', path: 'a\\b' }, 'path must not contain backslashes'],
    [{ name: 'ok', path: 'a\u0000' }, 'path must not contain NUL'],
    [{ name: 'x'.repeat(256), path: '' }, 'name segment is longer than 255 bytes'],
  ])('rejects hostile entry %j', async (entry, message) => {
    const r = await add({ kind: 'file', size: 1, ...entry });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 400, message });
  });

  it('answers 400 to a body over 16 MiB instead of dropping the connection', async () => {
    const r = await c.call('POST', `/v1/packages/${pid}/files`, {
      headers: { ...tokenHeader(token), 'content-type': 'application/json' },
      body: `{"name":"${'x'.repeat(17 * MiB)}"}`,
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 400, message: 'request body too large' });
    // The same connection pool still works afterwards.
    expect((await add({ name: 'after-big.bin', size: 1 })).status).toBe(201);
  });

  it('validates size, kind and chunk_size', async () => {
    expect((await add({ name: 'a' })).json).toEqual({
      code: 400,
      message: 'size is required',
    });
    expect((await add({ name: 'a', size: -1 })).status).toBe(400);
    expect((await add({ name: 'a', size: '12' })).json.message).toMatch(
      /^invalid request body: size/,
    );
    expect((await add({ name: 'a', size: 1, kind: 'symlink' })).json.message).toMatch(
      /^invalid request body: kind/,
    );
    expect((await add({ name: 'd', kind: 'directory', size: 5 })).json.message).toBe(
      'directories have size 0',
    );
    expect((await add({ name: 'a', size: 60e12 })).json.message).toMatch(/^file is larger than/);
    expect((await add({ name: 'a', size: 10 * 1024 ** 3, chunk_size: 1024 })).json.message).toMatch(
      /needs more than 10000 chunks/,
    );
    // 5 TB is a number, not bytes in memory: accepted with a blueprint.
    const huge = await add({ name: 'huge.mov', size: 5e12, chunk_size: 512 * MiB });
    expect(huge.status).toBe(201);
    expect(huge.json.create_blueprint.method).toBe('POST');
    expect(new URL(huge.json.create_blueprint.url).searchParams.has('uploads')).toBe(true);
  });

  it('checks chunk-URL query and upload_id', async () => {
    const f = (await add({ name: 'c.bin', size: 20 * MiB })).json.file;
    const created = await c.execute(
      (await add({ name: 'other.bin', size: 1 })).json.create_blueprint,
    );
    const otherUpload = /<UploadId>([^<]+)</.exec(created.text)![1]!;
    const urls = (qs: string, json: unknown = { upload_id: otherUpload }) =>
      c.call('POST', `/v1/packages/${pid}/files/${f.id}${qs}`, {
        headers: tokenHeader(token),
        json,
      });
    expect((await urls('?count=1')).json).toEqual({
      code: 400,
      message: 'query parameter start is required',
    });
    expect((await urls('?start=-1&count=1')).json.message).toBe(
      'query parameter start must be a non-negative integer',
    );
    expect((await urls('?start=0&count=0')).json.message).toBe('count must be at least 1');
    expect((await urls('?start=0&count=10001')).json.message).toBe('count must not exceed 10000');
    expect((await urls('?start=9999&count=2')).json.message).toBe(
      'start + count must not exceed 10000',
    );
    expect((await urls('?start=0&count=1')).json).toEqual({
      code: 400,
      message: 'upload_id does not match this file',
    });
    expect((await urls('?start=0&count=1', {})).json.message).toMatch(
      /^invalid request body: upload_id/,
    );
    const unknown = await c.call(
      'POST',
      `/v1/packages/${pid}/files/01ARZ3NDEKTSV4RRFFQ69G5FAV?start=0&count=1`,
      {
        headers: tokenHeader(token),
        json: { upload_id: otherUpload },
      },
    );
    expect(unknown.json).toEqual({ code: 404, message: 'file not found' });
  });

  it('returns blueprints for part numbers start+1 … start+count', async () => {
    const f = (await add({ name: 'd.bin', size: 20 * MiB })).json;
    const created = await c.execute(f.create_blueprint);
    const uploadId = /<UploadId>([^<]+)</.exec(created.text)![1]!;
    const r = await c.call('POST', `/v1/packages/${pid}/files/${f.file.id}?start=2&count=2`, {
      headers: tokenHeader(token),
      json: { upload_id: uploadId },
    });
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(2);
    expect(r.json.map((b: any) => new URL(b.url).searchParams.get('partNumber'))).toEqual([
      '3',
      '4',
    ]);
    expect(r.json[0].method).toBe('PUT');
  });

  describe('finalize file', () => {
    let up: UploadedFile;
    const data = randomBytes(5 * MiB + 100);

    beforeAll(async () => {
      up = await uploadParts(c, pid, token, { name: 'two.bin', data, partSize: 5 * MiB });
    });

    it.each<[string, (u: UploadedFile) => unknown, string]>([
      [
        'no parts',
        (u) => ({ ...finalizeBody(u, data.length), chunk_extras: [] }),
        'chunk_extras must list at least 1 part',
      ],
      [
        'a gap',
        (u) => ({ ...finalizeBody(u, data.length), chunk_extras: [u.parts[1]] }),
        'part 1 is missing from chunk_extras',
      ],
      [
        'descending order',
        (u) => ({ ...finalizeBody(u, data.length), chunk_extras: [u.parts[0], u.parts[0]] }),
        'part numbers must be in ascending order',
      ],
      [
        'an ETag mismatch',
        (u) => ({
          ...finalizeBody(u, data.length),
          chunk_extras: [u.parts[0], { partNumber: '2', etag: '"0123"' }],
        }),
        'ETag mismatch for part 2',
      ],
      [
        'a part never uploaded',
        (u) => ({
          ...finalizeBody(u, data.length),
          chunk_extras: [...u.parts, { partNumber: '3', etag: 'abc' }],
        }),
        'part 3 was not uploaded',
      ],
      [
        'a null ETag',
        (u) => ({
          ...finalizeBody(u, data.length),
          chunk_extras: [{ partNumber: '1', etag: null }],
        }),
        'part 1 has no etag',
      ],
      [
        'a size differing from add-file',
        (u) => finalizeBody(u, data.length + 1),
        `size ${data.length + 1} does not match the size given when the file was added (${data.length})`,
      ],
      [
        'a wrong upload_id',
        (u) => ({
          ...finalizeBody(u, data.length),
          file_extras: { upload_id: 'AAAAAAAAAAAAAAAAAAAA' },
        }),
        'upload_id does not match this file',
      ],
      [
        'a missing partNumber',
        () => ({ chunk_extras: [{ etag: 'x' }], file_extras: { upload_id: 'x' }, size: 1 }),
        'invalid request body: chunk_extras.0: partNumber is required',
      ],
      [
        'missing file_extras',
        (u) => ({ chunk_extras: u.parts, size: data.length }),
        'invalid request body: file_extras: Invalid input: expected object, received undefined',
      ],
    ])('rejects %s with 400', async (_what, body, message) => {
      const r = await finalize(up.fileId, body(up));
      expect(r.json).toEqual({ code: 400, message });
    });

    it('rejects parts that do not add up to size, and non-final parts under 5 MiB', async () => {
      // Only the first part listed: sizes sum to 5 MiB, the declared size is larger.
      const short = await finalize(up.fileId, {
        ...finalizeBody(up, data.length),
        chunk_extras: [up.parts[0]],
      });
      expect(short.json).toEqual({
        code: 400,
        message: `part sizes add up to ${5 * MiB} bytes, not size ${data.length}`,
      });
      const small = randomBytes(2048);
      const tiny = await uploadParts(c, pid, token, {
        name: 'tiny.bin',
        data: small,
        partSize: 1024,
      });
      const r = await finalize(tiny.fileId, finalizeBody(tiny, small.length));
      expect(r.json).toEqual({
        code: 400,
        message: 'part 1 is smaller than the minimum chunk size (5242880 bytes)',
      });
    });

    it('finalizes once; a different repeat is 409, chunk URLs after it 409', async () => {
      expect((await finalize(up.fileId, finalizeBody(up, data.length))).status).toBe(200);
      const other = await finalize(up.fileId, {
        ...finalizeBody(up, data.length),
        chunk_extras: [up.parts[0]],
      });
      expect(other.json).toEqual({ code: 409, message: 'file is already finalized' });
      const urls = await c.call('POST', `/v1/packages/${pid}/files/${up.fileId}?start=0&count=1`, {
        headers: tokenHeader(token),
        json: { upload_id: up.uploadId },
      });
      expect(urls.json).toEqual({ code: 409, message: 'file is already finalized' });
    });
  });

  it('removes a file: 204, then 404', async () => {
    const f = (await add({ name: 'gone.bin', size: 3 })).json.file;
    const del = await c.call('DELETE', `/v1/packages/${pid}/files/${f.id}`, {
      headers: tokenHeader(token),
    });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const again = await c.call('DELETE', `/v1/packages/${pid}/files/${f.id}`, {
      headers: tokenHeader(token),
    });
    expect(again.json).toEqual({ code: 404, message: 'file not found' });
  });
});
