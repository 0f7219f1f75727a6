// Login, teams, API keys, portals and token expiry.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import { createTeamPackage, startTestEmulator, TestClient, tokenHeader } from './test-helpers';

describe('account routes', () => {
  let emu: Emulator;
  let c: TestClient;
  let userToken = '';

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('logs in with email and password', async () => {
    const r = await c.call('POST', '/v1/auth', {
      json: { email: emu.demo.email, password: emu.demo.password },
    });
    expect(r.status).toBe(200);
    expect(r.json.user).toMatchObject({ email: emu.demo.email, primary_team_id: emu.demo.teamId });
    expect(r.json.teams).toEqual([
      { id: emu.demo.teamId, name: emu.demo.teamName, subdomain: 'demo-team' },
    ]);
    userToken = r.json.token;
  });

  it('refuses wrong credentials and bad bodies', async () => {
    const wrong = await c.call('POST', '/v1/auth', {
      json: { email: emu.demo.email, password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ code: 401, message: 'invalid email or password' });
    const malformed = await c.call('POST', '/v1/auth', {
      body: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.message).toBe('malformed JSON body');
    const types = await c.call('POST', '/v1/auth', { json: { email: 5, password: 'x' } });
    expect(types.status).toBe(400);
    expect(types.json.message).toMatch(/^invalid request body: email/);
    const empty = await c.call('POST', '/v1/auth');
    expect(empty.json).toEqual({ code: 400, message: 'request body is required' });
  });

  it('lists teams and members with an API key or a user token', async () => {
    const byKey = await c.call('GET', '/v1/teams', { headers: { 'X-API-KEY': emu.demo.apiKey } });
    expect(byKey.status).toBe(200);
    expect(byKey.json.map((t: any) => t.id)).toEqual([emu.demo.teamId]);
    const byToken = await c.call('GET', '/v1/teams', { headers: { 'x-user-token': userToken } });
    expect(byToken.json).toEqual(byKey.json);
    const members = await c.call('GET', `/v1/teams/${emu.demo.teamId}/members`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
    });
    expect(members.json.map((m: any) => m.email)).toEqual([emu.demo.email]);
    const none = await c.call('GET', '/v1/teams');
    expect(none.status).toBe(401);
    const bad = await c.call('GET', '/v1/teams', { headers: { 'X-API-KEY': 'not-a-key' } });
    expect(bad.json).toEqual({ code: 401, message: 'invalid API key' });
    const unknown = await c.call('GET', '/v1/teams/01ARZ3NDEKTSV4RRFFQ69G5FAV/members', {
      headers: { 'X-API-KEY': emu.demo.apiKey },
    });
    expect(unknown.json).toEqual({ code: 404, message: 'team not found' });
    const pkgToken = (await createTeamPackage(c, emu)).token;
    const wrongKind = await c.call('GET', '/v1/teams', { headers: { 'X-User-Token': pkgToken } });
    expect(wrongKind.status).toBe(401);
  });

  it('manages API keys with a user token only', async () => {
    const withKey = await c.call('POST', `/v1/teams/${emu.demo.teamId}/api_keys`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
      json: { name: 'ci', state: 'active' },
    });
    expect(withKey.status).toBe(403);
    const noState = await c.call('POST', `/v1/teams/${emu.demo.teamId}/api_keys`, {
      headers: { 'X-User-Token': userToken },
      json: { name: 'ci' },
    });
    expect(noState.status).toBe(400);
    const created = await c.call('POST', `/v1/teams/${emu.demo.teamId}/api_keys`, {
      headers: { 'X-User-Token': userToken },
      json: { name: 'ci', description: 'builds', state: 'active' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'ci',
      state: 'active',
      expiry: '0001-01-01T00:00:00.000Z',
    });
    const key: string = created.json.key;
    expect((await c.call('GET', '/v1/teams', { headers: { 'X-API-KEY': key } })).status).toBe(200);

    const off = await c.call('PUT', `/v1/api_keys/${created.json.id}`, {
      headers: { 'X-User-Token': userToken },
      json: { state: 'inactive' },
    });
    expect(off.status).toBe(200);
    expect(off.json.key).toBeUndefined();
    expect((await c.call('GET', '/v1/teams', { headers: { 'X-API-KEY': key } })).json).toEqual({
      code: 401,
      message: 'API key is inactive',
    });

    await c.call('PUT', `/v1/api_keys/${created.json.id}`, {
      headers: { 'X-User-Token': userToken },
      json: { state: 'active', expiry: '2001-01-01T00:00:00Z' },
    });
    expect((await c.call('GET', '/v1/teams', { headers: { 'X-API-KEY': key } })).json).toEqual({
      code: 401,
      message: 'API key expired',
    });
    const missing = await c.call('PUT', '/v1/api_keys/01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      headers: { 'X-User-Token': userToken },
      json: {},
    });
    expect(missing.status).toBe(404);
  });

  it('resolves portals publicly without revealing access codes', async () => {
    const open = await c.call('GET', `/v1/subdomains/portals/${emu.demo.portalSubdomain}`);
    expect(open.status).toBe(200);
    expect(open.json).toMatchObject({ subdomain: 'demo', active: true, has_access_code: false });
    const locked = await c.call('GET', `/v1/subdomains/portals/${emu.demo.lockedPortalSubdomain}`);
    expect(locked.json.has_access_code).toBe(true);
    expect(JSON.stringify(locked.json)).not.toContain(emu.demo.lockedPortalAccessCode);
    expect((await c.call('GET', '/v1/subdomains/portals/nope')).json).toEqual({
      code: 404,
      message: 'portal not found',
    });
  });

  it('creates portal packages: access code, sender, inactive portal', async () => {
    const open = (await c.call('GET', `/v1/subdomains/portals/${emu.demo.portalSubdomain}`)).json;
    const locked = (await c.call('GET', `/v1/subdomains/portals/${emu.demo.lockedPortalSubdomain}`))
      .json;
    const ok = await c.call('POST', `/v1/portals/${open.id}/packages`, {
      json: { name: 'in', description: '', sender: 'a@b.test' },
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ state: 'new', sender: 'a@b.test', portal_id: open.id });
    const add = await c.call('POST', `/v1/packages/${ok.json.id}/files`, {
      headers: tokenHeader(ok.json.access_token),
      json: { name: 'x.bin', size: 1 },
    });
    expect(add.status).toBe(201);
    const noSender = await c.call('POST', `/v1/portals/${open.id}/packages`, {
      json: { name: 'in' },
    });
    expect(noSender.status).toBe(400);
    const noCode = await c.call('POST', `/v1/portals/${locked.id}/packages`, {
      json: { name: 'in', sender: 'a@b.test' },
    });
    expect(noCode.json).toEqual({ code: 401, message: 'access code required' });
    const badCode = await c.call('POST', `/v1/portals/${locked.id}/packages`, {
      json: { name: 'in', sender: 'a@b.test', access_code: 'wrong' },
    });
    expect(badCode.json).toEqual({ code: 401, message: 'invalid access code' });
    const goodCode = await c.call('POST', `/v1/portals/${locked.id}/packages`, {
      json: { name: 'in', sender: 'a@b.test', access_code: emu.demo.lockedPortalAccessCode },
    });
    expect(goodCode.status).toBe(201);

    const off = await c.call('PUT', `/v1/portals/${open.id}`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
      json: { active: false },
    });
    expect(off.json.active).toBe(false);
    const inactive = await c.call('POST', `/v1/portals/${open.id}/packages`, {
      json: { name: 'in', sender: 'a@b.test' },
    });
    expect(inactive.json).toEqual({ code: 403, message: 'portal is inactive' });
    await c.call('PUT', `/v1/portals/${open.id}`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
      json: { active: true },
    });
    const unknown = await c.call('POST', '/v1/portals/01ARZ3NDEKTSV4RRFFQ69G5FAV/packages', {
      json: { sender: 'a@b.test' },
    });
    expect(unknown.status).toBe(404);
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    expect((await c.call('GET', '/v2/nothing/here')).json).toEqual({
      code: 404,
      message: 'not found',
    });
    expect((await c.call('DELETE', '/v1/teams')).json).toEqual({
      code: 405,
      message: 'method not allowed',
    });
  });
});

describe('token expiry', () => {
  let emu: Emulator;
  afterAll(async () => {
    await emu.close();
  });

  it('answers 401 once a package or user token is past exp', async () => {
    emu = await startTestEmulator({ tokenLifetimeSeconds: 2 });
    const c = new TestClient(emu.apiUrl);
    const pkg = await createTeamPackage(c, emu);
    const login = await c.call('POST', '/v1/auth', {
      json: { email: emu.demo.email, password: emu.demo.password },
    });
    expect(
      (await c.call('GET', `/v1/packages/${pkg.id}/files`, { headers: tokenHeader(pkg.token) }))
        .status,
    ).toBe(200);
    // exp has one-second resolution, so a 2 s token lives between 1 and 2 s: after 3 s it is gone.
    await sleep(3100);
    const late = await c.call('GET', `/v1/packages/${pkg.id}/files`, {
      headers: tokenHeader(pkg.token),
    });
    expect(late.json).toEqual({ code: 401, message: 'token expired' });
    const lateUser = await c.call('GET', '/v1/teams', {
      headers: { 'X-User-Token': login.json.token },
    });
    expect(lateUser.json).toEqual({ code: 401, message: 'token expired' });
    // A team user gets a fresh access_token from the package object.
    const fresh = await c.call('GET', `/v1.1/teams/${emu.demo.teamId}/packages/${pkg.id}`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
    });
    expect(
      (
        await c.call('GET', `/v1/packages/${pkg.id}/files`, {
          headers: tokenHeader(fresh.json.access_token),
        })
      ).status,
    ).toBe(200);
  });
});
