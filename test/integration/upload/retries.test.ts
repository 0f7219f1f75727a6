// Idempotent in the face of retries: a create-package whose answers were lost leaves no orphan
// package, and a credential the server stops accepting mid-transfer pauses it ("sign in again")
// until new credentials are given, after which it resumes without re-sending acknowledged parts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFile, partPuts, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';
import { TestClient } from '../../emulator/api/test-helpers';

const MiB = 1024 * 1024;
let h: Harness;
let api: TestClient;

beforeAll(async () => {
  // Package tokens live two seconds, so a transfer of several seconds renews its token with the
  // user's credential while it runs.
  h = await startHarness({ emulator: { tokenLifetimeSeconds: 2 }, partConcurrency: 2 });
  api = new TestClient(h.emu.apiUrl);
});
afterAll(async () => {
  await h.close();
});

async function packagesNamed(name: string): Promise<{ id: string; state: string }[]> {
  const r = await api.call(
    'GET',
    `/v1.1/teams/${h.emu.demo.teamId}/packages?status=new,finalized&name=${encodeURIComponent(name)}&limit=100`,
    { headers: { 'x-api-key': h.emu.demo.apiKey } },
  );
  return (r.json.records as { id: string; name: string; state: string }[]).filter(
    (p) => p.name === name,
  );
}

/** The demo user's login token (user tokens live two seconds here too: one per use). */
async function userToken(): Promise<string> {
  const auth = await api.call('POST', '/v1/auth', {
    json: { email: h.emu.demo.email, password: h.emu.demo.password },
  });
  return auth.json.token as string;
}

/** A fresh API key of the demo team, made with the demo user's login (what the web app does). */
async function newApiKey(): Promise<{ id: string; key: string }> {
  const made = await api.call('POST', `/v1/teams/${h.emu.demo.teamId}/api_keys`, {
    headers: { 'x-user-token': await userToken() },
    json: { name: 'test', state: 'active' },
  });
  expect(made.status).toBe(201);
  return { id: made.json.id, key: made.json.key };
}

describe('retried calls', () => {
  it('a create-package whose answers were lost leaves exactly one package', async () => {
    const src = join(h.root, 'once.bin');
    const digest = await makeFile(src, 1000);
    // The service creates the package, then cuts the connection before answering: twice.
    h.emu.faults.update({
      rules: [
        {
          route: 'api:createPackage',
          every: 1,
          count: 2,
          action: { kind: 'reset', afterBytes: 0 },
        },
      ],
    });
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({
      paths: [src],
      name: 'created once',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    const snap = await h.manager.waitFor(id);
    h.emu.faults.clear();
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');
    const log = h.emu.requestLog.entries();
    expect(log.filter((e) => e.route === 'api:createPackage').map((e) => e.status)).toEqual([
      201, 201, 201,
    ]);
    expect(log.filter((e) => e.route === 'api:deletePackage').map((e) => e.status)).toEqual([
      204, 204,
    ]);
    expect(await packagesNamed('created once')).toEqual([
      expect.objectContaining({ id: snap.packageId, state: 'finalized' }),
    ]);
    expect((await storedFiles(h, snap.packageId!)).get('once.bin')?.sha256).toBe(digest);
  });

  it('a package of the same name made by someone else long before is left alone', async () => {
    const other = await api.call('POST', `/v1/teams/${h.emu.demo.teamId}/packages`, {
      headers: { 'x-api-key': h.emu.demo.apiKey },
      json: { name: 'same name', description: '' },
    });
    await new Promise((r) => setTimeout(r, 2500));
    const src = join(h.root, 'same.bin');
    await makeFile(src, 10);
    h.emu.faults.update({
      rules: [
        {
          route: 'api:createPackage',
          every: 1,
          count: 1,
          action: { kind: 'reset', afterBytes: 0 },
        },
      ],
    });
    const id = h.manager.startUpload({
      paths: [src],
      name: 'same name',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    const snap = await h.manager.waitFor(id);
    h.emu.faults.clear();
    expect(snap.state).toBe('complete');
    const ids = (await packagesNamed('same name')).map((p) => p.id).sort();
    expect(ids).toEqual([other.json.id, snap.packageId].sort());
  });
});

describe('a credential rejected mid-transfer', () => {
  it('pauses with "sign in again", then resumes with new credentials from the journal', async () => {
    const first = await newApiKey();
    h.deps.client.setCredentials({ apiKey: first.key });
    const src = join(h.root, 'signin.bin');
    const digest = await makeFile(src, 30 * MiB);
    // Slow enough (2 × 2 MiB/s) that the 2-second package token expires while parts move.
    h.emu.faults.update({ bandwidthBytesPerSecond: 2 * MiB });
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({
      paths: [src],
      name: 'sign in again',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    // Once a part is stored, the key is switched off (as an admin would in the web app).
    const deadline = Date.now() + 30_000;
    while (![...partPuts(h).values()].some((n) => n > 0)) {
      if (Date.now() > deadline) throw new Error('no part stored');
      await new Promise((r) => setTimeout(r, 50));
    }
    const off = await api.call('PUT', `/v1/api_keys/${first.id}`, {
      headers: { 'x-user-token': await userToken() },
      json: { state: 'inactive' },
    });
    expect(off.status).toBe(200);
    const paused = await h.manager.waitFor(id);
    expect(paused.state).toBe('paused');
    expect(paused.error).toEqual({ code: 'auth-rejected', message: 'Sign in again to continue' });
    const before = partPuts(h);

    // Signing in again gives the engine a new key; resume goes on from the journal.
    h.deps.client.setCredentials({ apiKey: (await newApiKey()).key });
    h.manager.resume(id);
    const done = await h.manager.waitFor(id);
    h.emu.faults.clear();
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('complete');
    expect((await storedFiles(h, done.packageId!)).get('signin.bin')?.sha256).toBe(digest);
    // Parts stored before the pause were not sent again, bar the two that were in flight.
    const after = partPuts(h);
    const again = [...before.keys()].filter((k) => (after.get(k) ?? 0) > (before.get(k) ?? 0));
    expect(again.length).toBeLessThanOrEqual(2);
    expect(before.size).toBeGreaterThan(0);
    h.deps.client.setCredentials({ apiKey: h.emu.demo.apiKey });
  }, 90_000);
});
