// The history through the app core: local entries with what the window shows, links copied from
// the keychain, secrets removed with their entries, old entries migrated, and the team's packages.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { memoryKeychain } from '../../fakes/memory-keychain';
import { startCore, type CoreHarness } from './core-harness';

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

it('lists a finished upload, copies its link, and removes the secret with the entry', async () => {
  const keychain = memoryKeychain();
  h = await startCore({ keychain });
  await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
  const file = join(h.work, 'reel.mov');
  writeFileSync(file, randomBytes(2 * 1024 * 1024));
  h.core.staging.add([file]);
  const { id } = await h.call('uploads:start', {
    destination: { kind: 'team', teamId: h.emu.demo.teamId, name: 'Reel' },
  });
  await waitFor(() => h?.core.list().find((t) => t.id === id)?.hasLink === true);
  expect(h.pushes.some((p) => p.channel === 'history:history-changed')).toBe(true);

  const [item] = await h.call('history:list', { text: 'reel' });
  expect(item).toMatchObject({
    id,
    kind: 'upload',
    state: 'complete',
    name: 'Reel',
    bytesTotal: 2 * 1024 * 1024,
    hasLink: true,
    canRetry: false,
  });
  expect(item?.averageRate).toBeGreaterThan(0);
  expect(await h.call('history:list', { text: 'no such thing' })).toEqual([]);
  expect(await h.call('history:list', { kind: 'download' })).toEqual([]);

  await h.call('history:copy-link', { id });
  const link = h.copied.at(-1) ?? '';
  expect(link).toMatch(/\?secret=/);
  const secret = new URL(link).searchParams.get('secret') ?? '';
  expect([...keychain.items.values()]).toContain(secret);

  await h.call('history:remove', { id });
  expect(await h.call('history:list', {})).toEqual([]);
  expect([...keychain.items.values()]).not.toContain(secret);
});

it('moves the secret of a link saved by 0.1.x into the keychain on first read', async () => {
  const keychain = memoryKeychain();
  h = await startCore({ keychain });
  const link = h.emu.demo.linkUrl;
  const secret = h.emu.demo.linkSecret;
  mkdirSync(dirname(h.paths.historyFile), { recursive: true });
  const entry = (id: string, extra: object) => ({
    id,
    kind: 'upload',
    state: 'complete',
    name: id,
    bytesTotal: 1,
    filesTotal: 1,
    startedAt: '2026-11-01T10:00:00.000Z',
    finishedAt: '2026-11-01T10:00:10.000Z',
    ...extra,
  });
  writeFileSync(
    h.paths.historyFile,
    JSON.stringify({ version: 1, entries: [entry('OLD1', { linkUrl: link }), entry('OLD2', {})] }),
  );

  const items = await h.call('history:list', {});
  expect(items.map((i) => [i.id, i.hasLink])).toEqual([
    ['OLD1', true],
    ['OLD2', false],
  ]);
  expect(readFileSync(h.paths.historyFile, 'utf8')).not.toContain(secret);
  expect([...keychain.items.values()]).toContain(secret);
  await h.call('history:copy-link', { id: 'OLD1' });
  expect(h.copied.at(-1)).toBe(link);
});

it("pages through the team's sent packages", async () => {
  h = await startCore();
  expect(await h.raw('history:remote', { page: 1 })).toMatchObject({
    ok: false,
    error: { code: 'not-signed-in' },
  });
  await h.call('account:sign-in', { method: 'api-key', apiKey: h.emu.demo.apiKey });
  const page = await h.call('history:remote', { page: 1 });
  expect(page.page).toBe(1);
  expect(page.records.map((r) => r.id)).toContain(h.emu.demo.packageId);
  expect(page.total).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(page)).not.toMatch(/access_token|accessToken/);
});

it('a download from a link lands in history, and its link is copied from the keychain', async () => {
  const keychain = memoryKeychain();
  h = await startCore({ keychain });
  const link = h.emu.demo.linkUrl;
  const { token } = await h.call('links:parse', { text: link });
  await h.call('links:open', { token });
  const folder = join(h.work, 'got');
  mkdirSync(folder);
  const { id } = await h.call('downloads:start', { token, destination: folder });
  await waitFor(() => h?.core.list().find((t) => t.id === id)?.state === 'complete');
  await waitFor(() => h?.pushes.some((p) => p.channel === 'history:history-changed') === true);

  const [item] = await h.call('history:list', { kind: 'download' });
  expect(item).toMatchObject({ id, kind: 'download', state: 'complete', hasLink: true });
  expect(item?.destination).toBe(folder);
  await h.call('history:copy-link', { id });
  const secret = new URL(link).searchParams.get('secret') ?? '';
  expect(h.copied.at(-1)).toBe(
    `${h.emu.apiUrl}/${new URL(link).pathname.slice(1)}?secret=${secret}`,
  );
  // The secret is in the keychain, not in the history file.
  expect([...keychain.items.values()]).toContain(secret);
  const app = join(h.work, 'app');
  const files = readdirSync(app, { recursive: true }) as string[];
  expect(files.some((f) => f.endsWith('history.json'))).toBe(true);
  for (const f of files.filter((n) => n.endsWith('.json') || n.endsWith('.jsonl'))) {
    expect(readFileSync(join(app, f), 'utf8'), f).not.toContain(secret);
  }
});
