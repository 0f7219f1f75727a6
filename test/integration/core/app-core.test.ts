// The app core against the local MASV service, through the IPC handlers the window calls:
// sign-in and its refusals, staging, a team upload to a share link, and what is kept where.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSnapshot, StagingSnapshot } from '../../../shared/ipc/contract';
import { localHashes, serverHashes } from '../cli/package-bytes';
import { startCore, type CoreHarness } from './core-harness';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A folder with a nested folder, an empty file and junk the scanner leaves out. */
function shoot(root: string): string {
  const dir = join(root, 'Shoot');
  mkdirSync(join(dir, 'Camera A', 'Clips'), { recursive: true });
  writeFileSync(join(dir, 'Camera A', 'Clips', 'A001.mov'), randomBytes(7 * 1024 * 1024));
  writeFileSync(join(dir, 'Camera A', 'A001.xml'), '<clip/>');
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, '.DS_Store'), 'junk');
  writeFileSync(join(dir, 'Camera A', 'Thumbs.db'), 'junk');
  return dir;
}

async function staged(core: CoreHarness): Promise<StagingSnapshot> {
  await core.core.staging.settled();
  return core.call('staging:get');
}

describe('sign-in', () => {
  it('refuses a wrong key in its own words, keeps nothing, then accepts the right one', async () => {
    h = await startCore();
    const bad = await h.raw('account:sign-in', { method: 'api-key', apiKey: 'not-the-key' });
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'auth-rejected',
        message: `${new URL(h.emu.apiUrl).host} did not accept this API key.`,
      },
    });
    expect(h.core.account.get().state).toBe('signed-out');
    expect(await h.keychain.findCredentials('MASV Desktop')).toEqual([]);

    const account = await h.call('account:sign-in', {
      method: 'api-key',
      apiKey: h.emu.demo.apiKey,
    });
    expect(account).toMatchObject({
      state: 'signed-in',
      method: 'api-key',
      teams: [{ id: h.emu.demo.teamId, name: h.emu.demo.teamName }],
      teamId: h.emu.demo.teamId,
    });
    expect(JSON.stringify(account)).not.toContain(h.emu.demo.apiKey);
    expect(h.pushes.some((p) => p.channel === 'account:account-changed')).toBe(true);
    // The key went to the keychain; the settings file names the server and team only.
    const stored = await h.keychain.findCredentials('MASV Desktop');
    expect(stored.map((c) => c.password)).toEqual([h.emu.demo.apiKey]);
    const settingsText = readFileSync(h.core.settings.path, 'utf8');
    expect(settingsText).toContain(h.emu.demo.teamId);
    expect(settingsText).not.toContain(h.emu.demo.apiKey);
  });

  it('tells a wrong password apart, and signs in with the right one', async () => {
    h = await startCore();
    const { email, password } = h.emu.demo;
    const bad = await h.raw('account:sign-in', { method: 'password', email, password: 'wrong' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'auth-rejected', message: 'The e-mail or password is not right.' },
    });
    const account = await h.call('account:sign-in', { method: 'password', email, password });
    expect(account).toMatchObject({ state: 'signed-in', method: 'password', email });
    // The user token is kept; the password never is.
    const stored = await h.keychain.findCredentials('MASV Desktop');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.password).not.toBe(password);
    expect(JSON.stringify(stored)).not.toContain(password);
  });

  it('refuses plain http to another host, and names an unreachable server', async () => {
    h = await startCore();
    const plain = await h.raw('account:sign-in', {
      method: 'api-key',
      apiKey: 'k',
      serverUrl: 'http://example.com',
    });
    expect(plain).toMatchObject({ ok: false, error: { code: 'bad-server' } });
    expect((plain as { error: { message: string } }).error.message).toMatch(/https:\/\//);
    const closed = await h.raw('account:sign-in', {
      method: 'api-key',
      apiKey: 'k',
      serverUrl: 'http://127.0.0.1:9',
    });
    expect(closed.ok).toBe(false);
    expect((closed as { error: { code: string } }).error.code).not.toBe('auth-rejected');
    expect(h.core.account.get().serverUrl).toBe(h.emu.apiUrl);
  });

  it('signing out removes the keychain entry and pauses uploads with the reason', async () => {
    h = await startCore();
    await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
    h.emu.faults.update({ bandwidthBytesPerSecond: 256 * 1024 });
    const file = join(h.work, 'big.bin');
    writeFileSync(file, randomBytes(12 * 1024 * 1024));
    h.core.staging.add([file]);
    const { id } = await h.call('uploads:start', {
      destination: { kind: 'team', teamId: h.emu.demo.teamId, name: 'Big' },
    });
    await waitFor(() => h?.core.list().find((t) => t.id === id)?.state === 'transferring');
    const out: AccountSnapshot = await h.call('account:sign-out');
    expect(out.state).toBe('signed-out');
    expect(await h.keychain.findCredentials('MASV Desktop')).toEqual([]);
    const paused = h.core.list().find((t) => t.id === id);
    expect(paused).toMatchObject({ state: 'paused' });
    expect(paused?.pauseReason).toMatch(/signed out/i);
  });
});

describe('staging and sending', () => {
  it('summarises a folder before sending, sends it, and copies a working share link', async () => {
    h = await startCore();
    await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
    const dir = shoot(h.work);
    const single = join(h.work, 'single.txt');
    writeFileSync(single, 'one file');
    h.setPicks([dir, single]);
    await h.call('staging:pick', { kind: 'folders' });
    const s = await staged(h);
    expect(s.items.map((i) => [i.name, i.kind])).toEqual(
      expect.arrayContaining([
        ['Shoot', 'folder'],
        ['single.txt', 'file'],
      ]),
    );
    const folder = s.items.find((i) => i.name === 'Shoot');
    expect(folder).toMatchObject({ files: 3, emptyFiles: 1, folders: 3, skippedCount: 2 });
    expect(folder?.skipped.map((x) => x.reason)).toEqual(['system file', 'system file']);
    expect(s.totals).toMatchObject({ files: 4, skipped: 2, bytes: 7 * 1024 * 1024 + 7 + 8 });

    // Removing an item takes it out of what is sent.
    const singleId = s.items.find((i) => i.name === 'single.txt')?.id ?? '';
    expect((await h.call('staging:remove', { id: singleId })).items.map((i) => i.name)).toEqual([
      'Shoot',
    ]);

    const { id } = await h.call('uploads:start', {
      destination: {
        kind: 'team',
        teamId: h.emu.demo.teamId,
        name: 'Day 1',
        message: 'Rushes',
        recipients: ['editor@example.com'],
      },
    });
    expect((await h.call('staging:get')).items).toEqual([]);
    expect((await h.call('transfers:list')).find((t) => t.id === id)).toMatchObject({
      kind: 'upload',
      place: `Team ${h.emu.demo.teamName}`,
    });
    await waitFor(() => h?.core.list().find((t) => t.id === id)?.hasLink === true, 30_000);
    const done = h.core.list().find((t) => t.id === id);
    expect(done).toMatchObject({ state: 'complete', filesTotal: 3 });

    await h.call('transfers:copy-link', { id });
    const link = h.copied.at(-1) ?? '';
    expect(link).toMatch(/\?secret=/);
    const sent = localHashes(dir);
    for (const junk of ['Shoot/.DS_Store', 'Shoot/Camera A/Thumbs.db'])
      expect(sent.delete(junk)).toBe(true);
    expect(await serverHashes(h.emu.apiUrl, link)).toEqual(sent);

    // The link's secret is in the keychain, not in the app's files; the history names its id.
    const secret = new URL(link).searchParams.get('secret') ?? '';
    for (const file of [h.paths.historyFile, h.core.settings.path])
      expect(readFileSync(file, 'utf8')).not.toContain(secret);
    const history = JSON.parse(readFileSync(h.paths.historyFile, 'utf8')) as {
      entries: { id: string; linkId?: string; state: string }[];
    };
    expect(history.entries[0]).toMatchObject({ id, state: 'complete' });
    expect(history.entries[0]?.linkId).toBe(new URL(link).pathname.slice(1));
    // Nothing pushed to the window carried it either.
    expect(JSON.stringify(h.pushes)).not.toContain(secret);
  });

  it('looks up a portal and sends into the one that needs an access code', async () => {
    h = await startCore();
    const portal = await h.call('portals:lookup', { subdomain: h.emu.demo.lockedPortalSubdomain });
    expect(portal).toMatchObject({ hasAccessCode: true, name: 'Demo Locked Portal' });
    const missing = await h.raw('portals:lookup', { subdomain: 'no-such-portal' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'portal-not-found' } });

    const file = join(h.work, 'cut.mov');
    writeFileSync(file, randomBytes(1024 * 1024));
    h.core.staging.add([file]);
    const { id } = await h.call('uploads:start', {
      destination: {
        kind: 'portal',
        subdomain: h.emu.demo.lockedPortalSubdomain,
        name: 'Cut',
        senderEmail: 'me@example.com',
        accessCode: h.emu.demo.lockedPortalAccessCode,
      },
    });
    await waitFor(() => h?.core.list().find((t) => t.id === id)?.state === 'complete', 30_000);
  });

  it('refuses to start with nothing staged, and a team the account is not in', async () => {
    h = await startCore();
    await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
    const empty = await h.raw('uploads:start', {
      destination: { kind: 'team', teamId: h.emu.demo.teamId, name: 'x' },
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'nothing-staged' } });
    h.core.staging.add([shoot(h.work)]);
    const foreign = await h.raw('uploads:start', {
      destination: { kind: 'team', teamId: '01FOREIGNTEAM', name: 'x' },
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(h.core.list()).toEqual([]);
  });
});

describe('settings', () => {
  it('saves a change, applies it to the running engine at once, and tells the window', async () => {
    // No fixed parts in flight here: the setting is what decides.
    h = await startCore({ engine: { progressIntervalMs: 50 } });
    const deps = h.core.session.manager.deps;
    const snap = await h.call('settings:update', {
      patch: { partConcurrency: 3, uploadLimitBytesPerSecond: 2_000_000, theme: 'dark' },
    });
    expect(snap.values).toMatchObject({ partConcurrency: 3, theme: 'dark' });
    expect(snap.uploadLimitBytesPerSecond).toBe(2_000_000);
    expect(deps.pool.concurrency).toBe(3);
    expect(deps.uploadLimiter.bytesPerSecond).toBe(2_000_000);
    expect(h.pushes.filter((p) => p.channel === 'settings:settings-changed').at(-1)).toMatchObject({
      payload: { values: { partConcurrency: 3 } },
    });
    expect(JSON.parse(readFileSync(h.core.settings.path, 'utf8'))).toMatchObject({
      partConcurrency: 3,
      theme: 'dark',
    });
  });

  it('refuses a folder it cannot write to and a file that is not a certificate', async () => {
    h = await startCore();
    const folder = await h.raw('settings:update', { patch: { downloadFolder: '/proc/1' } });
    expect(folder).toMatchObject({ ok: false, error: { code: 'folder-unusable' } });
    const notPem = join(h.work, 'ca.txt');
    writeFileSync(notPem, 'hello');
    const ca = await h.raw('settings:update', { patch: { caFile: notPem } });
    expect(ca).toMatchObject({ ok: false, error: { code: 'ca-unreadable' } });
    expect(h.core.settings.get()).toMatchObject({ downloadFolder: null, caFile: null });
  });
});

async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
