// What the core asks of its host around transfers: notifications when one completes or fails
// (and none when the user turned them off), pages opened only on MASV's https hosts, the About
// facts, and a diagnostics archive that carries no secret.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startCore, type CoreHarness } from './core-harness';
import { unzipText } from './unzip';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function send(core: CoreHarness, name: string, path: string): Promise<string> {
  core.core.staging.add([path]);
  await core.core.staging.settled();
  const { id } = await core.call('uploads:start', {
    destination: { kind: 'team', teamId: core.emu.demo.teamId, name },
  });
  return id;
}

it('notifies when a transfer completes or fails, and stays quiet when told to', async () => {
  h = await startCore();
  await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
  const file = join(h.work, 'ok.bin');
  writeFileSync(file, randomBytes(100_000));
  const ok = await send(h, 'Good', file);
  await waitFor(() => h?.notices.some((n) => n.transferId === ok) === true);
  expect(h.notices.find((n) => n.transferId === ok)).toMatchObject({
    title: 'Upload complete',
    body: expect.stringContaining('Good: 1 file'),
  });

  // A file that vanishes after it was staged fails the upload when it is planned.
  const gone = join(h.work, 'gone.bin');
  writeFileSync(gone, 'x');
  h.core.staging.add([gone]);
  await h.core.staging.settled();
  rmSync(gone);
  const { id: failed } = await h.call('uploads:start', {
    destination: { kind: 'team', teamId: h.emu.demo.teamId, name: 'Broken' },
  });
  await waitFor(() => h?.notices.some((n) => n.transferId === failed) === true);
  expect(h.notices.find((n) => n.transferId === failed)).toMatchObject({
    title: 'Upload failed',
  });
  h.core.showTransfer(failed);
  expect(h.pushes.at(-1)).toEqual({ channel: 'app:show-transfer', payload: { id: failed } });

  await h.call('settings:update', { patch: { notifications: false } });
  const count = h.notices.length;
  const quiet = await send(h, 'Quiet', file);
  await waitFor(() => h?.core.list().find((t) => t.id === quiet)?.state === 'complete');
  await new Promise((r) => setTimeout(r, 200));
  expect(h.notices).toHaveLength(count);
});

it("opens only https pages of MASV's hosts and the configured server", async () => {
  h = await startCore();
  await h.call('app:open-external', { url: 'https://help.massive.io/hc/en-us' });
  await h.call('app:open-external', { url: 'https://massive.io/' });
  for (const url of [
    'http://massive.io/',
    'https://massive.io.evil.example/',
    'https://evil.example/massive.io',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://user:pw@massive.io/',
  ]) {
    const r = await h.raw('app:open-external', { url });
    expect(r.ok, url).toBe(false);
  }
  expect(h.opened).toEqual(['https://help.massive.io/hc/en-us', 'https://massive.io/']);
});

it('says which versions run, and exports diagnostics without a single secret', async () => {
  h = await startCore();
  expect(await h.call('app:about')).toMatchObject({
    app: '0.0.0-test',
    electron: null,
    node: process.versions.node,
  });
  await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
  const file = join(h.work, 'diag.bin');
  writeFileSync(file, randomBytes(50_000));
  const id = await send(h, 'Diag', file);
  await waitFor(() => h?.core.list().find((t) => t.id === id)?.hasLink === true);
  await h.call('transfers:copy-link', { id });
  const link = h.copied.at(-1) ?? '';
  const { token } = await h.call('links:parse', { text: link });
  await h.call('links:open', { token });

  h.setSavePath(null);
  expect(await h.call('diagnostics:export')).toEqual({ path: null, files: [] });
  const target = join(h.work, 'diagnostics.zip');
  h.setSavePath(target);
  const out = await h.call('diagnostics:export');
  expect(out.path).toBe(target);
  expect(out.files).toEqual(
    expect.arrayContaining(['logs/api.log', 'settings.json', 'transfers.json', 'about.json']),
  );
  const text = await unzipText(target);
  expect(text.get('about.json')).toContain('0.0.0-test');
  // The API log comes from the file the core writes (and the CLI too): route templates only.
  const apiLog = text.get('logs/api.log') ?? '';
  expect(apiLog).toMatch(/"status":20\d/);
  expect(apiLog).toContain('"route":"/v1/links/{id}"');
  expect(apiLog).not.toContain(new URL(link).pathname.split('/').pop() ?? '-');
  const all = [...text.values()].join('\n');
  const secrets = [h.emu.demo.apiKey, new URL(link).searchParams.get('secret') ?? '-'];
  for (const s of secrets) expect(all).not.toContain(s);
  expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // no JWT (package or user tokens)
  expect(readFileSync(target).length).toBeGreaterThan(0);
});
