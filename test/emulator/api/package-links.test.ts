// Package finalize/delete rules, links (secret, password, limit, disable, expiry) and what a
// download-level token may not do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import {
  createTeamPackage,
  startTestEmulator,
  TestClient,
  tokenHeader,
  uploadFile,
} from './test-helpers';

describe('package finalize and delete', () => {
  let emu: Emulator;
  let c: TestClient;

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('refuses an empty package, unfinalized files and a wrong size; 409 the second time', async () => {
    const { id, token } = await createTeamPackage(c, emu);
    const fin = (json?: unknown) =>
      c.call('POST', `/v1/packages/${id}/finalize`, {
        headers: tokenHeader(token),
        ...(json ? { json } : {}),
      });
    expect((await fin()).json).toEqual({ code: 400, message: 'package must have at least 1 file' });
    const added = await c.call('POST', `/v1/packages/${id}/files`, {
      headers: tokenHeader(token),
      json: { name: 'a.txt', size: 3 },
    });
    expect((await fin()).json).toEqual({ code: 400, message: 'all files must be finalized' });
    await c.call('DELETE', `/v1/packages/${id}/files/${added.json.file.id}`, {
      headers: tokenHeader(token),
    });
    await uploadFile(c, id, token, {
      name: 'a.txt',
      data: Buffer.from('abc'),
      partSize: 5 * 1024 * 1024,
    });
    expect((await fin({ size: 4 })).json).toEqual({
      code: 400,
      message: "size 4 does not match the package's 3 bytes",
    });
    expect((await fin({ size: '3' })).status).toBe(400);
    // No body and no Content-Type, as real clients send it.
    const ok = await fin();
    expect(ok.status).toBe(200);
    expect(ok.json.state).toBe('finalized');
    expect((await fin()).json).toEqual({ code: 409, message: 'package is already finalized' });
    const late = await c.call('POST', `/v1/packages/${id}/files`, {
      headers: tokenHeader(token),
      json: { name: 'b.txt', size: 1 },
    });
    expect(late.json).toEqual({ code: 409, message: 'package is finalized and locked' });
    const files = (await c.call('GET', `/v1/packages/${id}/files`, { headers: tokenHeader(token) }))
      .json;
    const delFile = await c.call('DELETE', `/v1/packages/${id}/files/${files[0].id}`, {
      headers: tokenHeader(token),
    });
    expect(delFile.status).toBe(409);
  });

  it('rejects missing, foreign and malformed package tokens', async () => {
    const a = await createTeamPackage(c, emu);
    const b = await createTeamPackage(c, emu);
    const none = await c.call('GET', `/v1/packages/${a.id}/files`);
    expect(none.json).toEqual({ code: 401, message: 'missing X-Package-Token' });
    const foreign = await c.call('GET', `/v1/packages/${a.id}/files`, {
      headers: tokenHeader(b.token),
    });
    expect(foreign.json).toEqual({ code: 403, message: 'token is not valid for this package' });
    const junk = await c.call('GET', `/v1/packages/${a.id}/files`, {
      headers: tokenHeader('not.a.jwt'),
    });
    expect(junk.json).toEqual({ code: 401, message: 'invalid token' });
    const del = await c.call('DELETE', `/v1/packages/${a.id}`, {
      headers: { 'x-package-token': a.token },
    });
    expect(del.status).toBe(204);
    const gone = await c.call('GET', `/v1/packages/${a.id}/files`, {
      headers: tokenHeader(a.token),
    });
    expect(gone.json).toEqual({ code: 404, message: 'package not found' });
  });
});

describe('links', () => {
  let emu: Emulator;
  let c: TestClient;
  let pid = '';
  let token = '';

  const createLink = async (json: Record<string, unknown> = {}) => {
    const r = await c.call('POST', `/v1/packages/${pid}/links`, {
      headers: tokenHeader(token),
      json: { email: '', ...json },
    });
    expect(r.status).toBe(201);
    return r.json as { id: string; download_secret: string };
  };
  const open = (l: { id: string; download_secret: string }, headers: Record<string, string> = {}) =>
    c.call('GET', `/v1/links/${l.id}?secret=${l.download_secret}`, { headers });

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
    ({ id: pid, token } = await createTeamPackage(c, emu));
    await uploadFile(c, pid, token, {
      name: 'x.txt',
      data: Buffer.from('hello'),
      partSize: 5 * 1024 * 1024,
    });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('keeps links made before finalize inactive until it', async () => {
    const early = await createLink();
    expect((await open(early)).json).toEqual({
      code: 403,
      message: 'link inactive: package is not finalized',
    });
    expect(
      (await c.call('POST', `/v1/packages/${pid}/finalize`, { headers: tokenHeader(token) }))
        .status,
    ).toBe(200);
    expect((await open(early)).status).toBe(200);
  });

  it('hides links behind their secret', async () => {
    const l = await createLink();
    expect((await open({ ...l, download_secret: 'wrongwrongwrong1' })).json).toEqual({
      code: 404,
      message: 'link not found',
    });
    expect((await c.call('GET', `/v1/links/${l.id}`)).status).toBe(404);
    expect(
      (await open({ id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', download_secret: l.download_secret })).status,
    ).toBe(404);
  });

  it('asks for the link password', async () => {
    const l = await c.call('POST', `/v1/packages/${pid}/links`, {
      headers: tokenHeader(token),
      json: { email: '', password: 's3cret' },
    });
    expect(l.json.password).toBe('****');
    expect((await open(l.json)).json).toEqual({ code: 401, message: 'password required' });
    expect((await open(l.json, { 'X-Link-Password': 'nope' })).json).toEqual({
      code: 401,
      message: 'invalid password',
    });
    const ok = await open(l.json, { 'x-link-password': 's3cret' });
    expect(ok.status).toBe(200);
    expect(ok.json.package_token).toEqual(expect.any(String));
  });

  it('inherits the package download password', async () => {
    const p = await createTeamPackage(c, emu, { name: 'pw', password: 'pkgpw' });
    await uploadFile(c, p.id, p.token, {
      name: 'y.txt',
      data: Buffer.from('y'),
      partSize: 5 * 1024 * 1024,
    });
    await c.call('POST', `/v1/packages/${p.id}/finalize`, { headers: tokenHeader(p.token) });
    const l = await c.call('POST', `/v1/packages/${p.id}/links`, {
      headers: tokenHeader(p.token),
      json: { email: '' },
    });
    expect((await open(l.json)).json.message).toBe('password required');
    expect((await open(l.json, { 'X-Link-Password': 'pkgpw' })).status).toBe(200);
  });

  it('counts each successful open against access_limit and exposes the counter', async () => {
    const l = await createLink({ access_limit: 2 });
    expect((await open(l)).json.access_count).toBe(1);
    expect((await open(l)).json.access_count).toBe(2);
    expect((await open(l)).json).toEqual({ code: 403, message: 'access limit reached' });
    const pkg = await c.call('GET', `/v1.1/teams/${emu.demo.teamId}/packages/${pid}`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
    });
    const rec = pkg.json.links.find((x: any) => x.id === l.id);
    expect(rec).toMatchObject({ access_limit: 2, access_limit_enabled: true, access_count: 2 });
  });

  it('disables links by either route, and refuses expired ones', async () => {
    const a = await createLink();
    const b = await createLink();
    expect(
      (await c.call('DELETE', `/v1/links/${a.id}`, { headers: tokenHeader(token) })).status,
    ).toBe(204);
    expect(
      (await c.call('DELETE', `/v1/packages/${pid}/links/${b.id}`, { headers: tokenHeader(token) }))
        .status,
    ).toBe(204);
    expect((await open(a)).json).toEqual({ code: 403, message: 'link disabled' });
    expect((await open(b)).json).toEqual({ code: 403, message: 'link disabled' });
    expect(
      (
        await c.call('DELETE', '/v1/links/01ARZ3NDEKTSV4RRFFQ69G5FAV', {
          headers: tokenHeader(token),
        })
      ).status,
    ).toBe(404);
    const old = await createLink({ expiry: '2001-01-01T00:00:00Z' });
    expect((await open(old)).json).toEqual({ code: 403, message: 'link expired' });
  });

  it('refuses a download-level token on every mutating route with 403', async () => {
    const l = await createLink();
    const dl: string = (await open(l)).json.package_token;
    const files = (await c.call('GET', `/v1/packages/${pid}/files`, { headers: tokenHeader(dl) }))
      .json;
    const fid = files[0].id;
    const mutating: [string, string, unknown?][] = [
      ['POST', `/v1/packages/${pid}/files`, { name: 'z', size: 1 }],
      ['POST', `/v1/packages/${pid}/files/${fid}?start=0&count=1`, { upload_id: 'x' }],
      [
        'POST',
        `/v1/packages/${pid}/files/${fid}/finalize`,
        { chunk_extras: [], file_extras: { upload_id: 'x' }, size: 1 },
      ],
      ['DELETE', `/v1/packages/${pid}/files/${fid}`],
      ['POST', `/v1/packages/${pid}/finalize`],
      ['DELETE', `/v1/packages/${pid}`],
      ['POST', `/v1/packages/${pid}/links`, { email: '' }],
      ['DELETE', `/v1/links/${l.id}`],
      ['DELETE', `/v1/packages/${pid}/links/${l.id}`],
    ];
    for (const [method, path, json] of mutating) {
      const r = await c.call(method, path, {
        headers: tokenHeader(dl),
        ...(json !== undefined ? { json } : {}),
      });
      expect([method, path, r.json]).toEqual([
        method,
        path,
        { code: 403, message: 'download-only token cannot modify the package' },
      ]);
    }
    const dlUrl = await c.call('GET', `/v1/packages/${pid}/files/${fid}/download`, {
      headers: tokenHeader(dl),
    });
    expect(dlUrl.status).toBe(200);
    expect((await c.getBytes(dlUrl.json.url)).body.toString()).toBe('hello');
  });
});
