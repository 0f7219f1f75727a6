// Receiving through the app core: a link is opened and its package shown before any byte, a
// password is asked for and checked, a subset lands beside an existing file under a new name
// (reported first), and a whole package arrives as one zip.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCore, type CoreHarness } from './core-harness';
import { unzipText } from './unzip';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sends five files as a team package through the core and returns its share link. */
async function fivePackage(core: CoreHarness): Promise<{ link: string; dir: string }> {
  await core.call('account:sign-in', { method: 'api-key', apiKey: core.emu.demo.apiKey });
  const dir = join(core.work, 'Five');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const name of ['a.txt', 'b.txt', 'c.bin', 'sub/d.txt', 'sub/e.bin'])
    writeFileSync(join(dir, name), randomBytes(1000 + name.length));
  core.core.staging.add([dir]);
  const { id } = await core.call('uploads:start', {
    destination: { kind: 'team', teamId: core.emu.demo.teamId, name: 'Five' },
  });
  await waitFor(() => core.core.list().find((t) => t.id === id)?.hasLink === true);
  await core.call('transfers:copy-link', { id });
  return { link: core.copied.at(-1) ?? '', dir };
}

/** A password link on the demo package, made through the public API. */
async function passwordLink(core: CoreHarness, password: string): Promise<string> {
  const { apiUrl, demo } = core.emu;
  const pkg = (await (
    await fetch(`${apiUrl}/v1.1/teams/${demo.teamId}/packages/${demo.packageId}`, {
      headers: { 'x-api-key': demo.apiKey },
    })
  ).json()) as { access_token: string };
  const link = (await (
    await fetch(`${apiUrl}/v1/packages/${demo.packageId}/links`, {
      method: 'POST',
      headers: { 'x-package-token': pkg.access_token, 'content-type': 'application/json' },
      body: JSON.stringify({ email: '', password }),
    })
  ).json()) as { id: string; download_secret: string };
  return `${apiUrl}/${link.id}?secret=${link.download_secret}`;
}

describe('receiving a link', () => {
  it('shows the package before any byte, and starts nothing on its own', async () => {
    h = await startCore();
    const { token } = await h.call('links:parse', { text: h.emu.demo.linkUrl });
    const preview = await h.call('links:open', { token });
    expect(preview).toMatchObject({ token, fileCount: 2, sender: h.emu.demo.email });
    expect(preview.files.map((f) => f.path).sort()).toEqual(['hello.txt', 'notes/readme.md']);
    expect(preview.zips.map((z) => z.kind).sort()).toEqual(['zip_mac', 'zip_windows']);
    expect(h.core.list()).toEqual([]);
    expect(JSON.stringify(preview)).not.toContain(h.emu.demo.linkSecret);
  });

  it('asks for a password, says when it is wrong, and opens with the right one', async () => {
    h = await startCore();
    const { token } = await h.call('links:parse', { text: await passwordLink(h, 'open sesame') });
    expect(await h.raw('links:open', { token })).toMatchObject({
      ok: false,
      error: { code: 'password-required' },
    });
    const wrong = await h.raw('links:open', { token, password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'password-invalid' } });
    const preview = await h.call('links:open', { token, password: 'open sesame' });
    expect(preview.fileCount).toBe(2);

    // The password given to open the link is used for the download; the window sends it once.
    const folder = join(h.work, 'pw');
    mkdirSync(folder);
    const { id } = await h.call('downloads:start', { token, destination: folder });
    await waitFor(() => h?.core.list().find((t) => t.id === id)?.state === 'complete');
    expect(readFileSync(join(folder, 'hello.txt'), 'utf8')).toContain('Hello');
  });

  it('downloads 2 of 5 files beside a clashing name, reported before and renamed', async () => {
    h = await startCore();
    const { link, dir } = await fivePackage(h);
    const { token } = await h.call('links:parse', { text: link });
    const preview = await h.call('links:open', { token });
    expect(preview.fileCount).toBe(5);
    const pick = preview.files.filter((f) => ['Five/a.txt', 'Five/sub/e.bin'].includes(f.path));
    expect(pick).toHaveLength(2);

    const folder = join(h.work, 'in');
    mkdirSync(join(folder, 'Five'), { recursive: true });
    writeFileSync(join(folder, 'Five', 'a.txt'), 'mine, keep me');
    h.setFolderPick(folder);
    expect(await h.call('dialogs:pick-folder')).toEqual({ path: folder });

    const choice = { token, fileIds: pick.map((f) => f.id), destination: folder };
    const report = await h.call('downloads:preflight', { ...choice, policy: 'rename' });
    expect(report).toMatchObject({
      destination: folder,
      fileCount: 2,
      policy: 'rename',
      clashes: [{ path: 'Five/a.txt', action: 'rename', to: 'Five/a (1).txt' }],
    });
    expect(report.neededBytes).toBe(pick.reduce((n, f) => n + f.size, 0));
    expect(report.freeBytes).toBeGreaterThan(report.neededBytes);

    const { id } = await h.call('downloads:start', { ...choice, policy: 'rename' });
    await waitFor(() => h?.core.list().find((t) => t.id === id)?.state === 'complete');
    expect(readFileSync(join(folder, 'Five', 'a.txt'), 'utf8')).toBe('mine, keep me');
    expect(sha(readFileSync(join(folder, 'Five', 'a (1).txt')))).toBe(
      sha(readFileSync(join(dir, 'a.txt'))),
    );
    expect(sha(readFileSync(join(folder, 'Five', 'sub', 'e.bin')))).toBe(
      sha(readFileSync(join(dir, 'sub', 'e.bin'))),
    );
    expect(readdirSync(join(folder, 'Five')).sort()).toEqual(['a (1).txt', 'a.txt', 'sub']);
    expect(readdirSync(join(folder, 'Five', 'sub'))).toEqual(['e.bin']);
    expect(h.core.list().find((t) => t.id === id)?.renamed).toEqual([
      { from: 'Five/a.txt', to: 'Five/a (1).txt' },
    ]);
    await h.call('transfers:show-in-folder', { id });
    expect(h.shown).toEqual([folder]);
  });

  it('fetches the whole package as one zip that holds the files', async () => {
    h = await startCore();
    const { token } = await h.call('links:parse', { text: h.emu.demo.linkUrl });
    const preview = await h.call('links:open', { token });
    const zip = preview.zips.find((z) => z.kind === 'zip_windows');
    const folder = join(h.work, 'zip');
    mkdirSync(folder);
    const { id } = await h.call('downloads:start', { token, zipId: zip?.id, destination: folder });
    await waitFor(() => h?.core.list().find((t) => t.id === id)?.state === 'complete');
    const [name] = readdirSync(folder);
    expect(name).toMatch(/\.zip$/);
    const entries = await unzipText(join(folder, name ?? ''));
    expect(entries.get('hello.txt')).toBe('Hello from the local MASV emulator.\n');
    expect(entries.get('notes/readme.md')).toContain('Demo package');
  });
});
