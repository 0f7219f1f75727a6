// The service is as strict as the MASV reference where the reference is firm, so the app's client
// cannot drift from the guide unnoticed: JSON bodies need their Content-Type, add-file needs
// `size`, create-link needs its JSON body with `email`. Body-less POSTs (finalize) stay allowed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import { createTeamPackage, startTestEmulator, TestClient, tokenHeader } from './test-helpers';

describe('strict wire rules', () => {
  let emu: Emulator;
  let c: TestClient;

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('refuses a JSON body sent without Content-Type: application/json (415), accepts charset', async () => {
    const path = `/v1/teams/${emu.demo.teamId}/packages`;
    const body = JSON.stringify({ name: 'typed' });
    const key = { 'x-api-key': emu.demo.apiKey };
    const none = await c.call('POST', path, { headers: key, body });
    expect(none.status).toBe(415);
    expect(none.json).toEqual({ code: 415, message: 'Content-Type must be application/json' });
    const text = await c.call('POST', path, {
      headers: { ...key, 'content-type': 'text/plain' },
      body,
    });
    expect(text.status).toBe(415);
    const ok = await c.call('POST', path, {
      headers: { ...key, 'content-type': 'application/json; charset=utf-8' },
      body,
    });
    expect(ok.status).toBe(201);
    // A refused call changes nothing: only the typed one made a package.
    const list = await c.call('GET', `/v1.1/teams/${emu.demo.teamId}/packages?status=new`, {
      headers: key,
    });
    expect(list.json.records.filter((p: { name: string }) => p.name === 'typed')).toHaveLength(1);
  });

  it('add-file needs size, for files and folder entries alike', async () => {
    const { id, token } = await createTeamPackage(c, emu);
    const add = (json: unknown) =>
      c.call('POST', `/v1/packages/${id}/files`, { headers: tokenHeader(token), json });
    for (const kind of ['file', 'directory']) {
      const r = await add({ kind, name: 'x', path: '' });
      expect(r.json).toEqual({ code: 400, message: 'size is required' });
    }
    expect((await add({ kind: 'directory', name: 'x', path: '', size: 0 })).status).toBe(201);
    expect((await add({ kind: 'file', name: 'y', path: '', size: 0 })).status).toBe(201);
  });

  it('create-link needs a JSON body with email ("" for a direct link)', async () => {
    const { id, token } = await createTeamPackage(c, emu);
    const url = `/v1/packages/${id}/links`;
    const headers = tokenHeader(token);
    expect((await c.call('POST', url, { headers })).json).toEqual({
      code: 400,
      message: 'request body is required',
    });
    const noEmail = await c.call('POST', url, { headers, json: { password: '' } });
    expect(noEmail.status).toBe(400);
    expect(noEmail.json.message).toContain('email is required');
    const direct = await c.call('POST', url, { headers, json: { email: '' } });
    expect(direct.status).toBe(201);
  });

  it('still accepts a body-less finalize with or without the JSON type', async () => {
    for (const type of [undefined, 'application/json']) {
      const { id, token } = await createTeamPackage(c, emu);
      await c.call('POST', `/v1/packages/${id}/files`, {
        headers: tokenHeader(token),
        json: { kind: 'directory', name: 'empty', path: '', size: 0 },
      });
      const r = await c.call('POST', `/v1/packages/${id}/finalize`, {
        headers: { ...tokenHeader(token), ...(type ? { 'content-type': type } : {}) },
      });
      expect(r.status).toBe(200);
    }
  });
});
