// No secret leaves main except where the user asked for it (a copied link goes to the clipboard).
// A whole session through the window's bridge (sign in with a wrong then right password, send
// a password-protected team package, copy its link, download it with a wrong then the right
// password, export diagnostics), then every file the app core wrote under its home, the
// diagnostics archive, every message main sent to the page, and every error shown are searched
// for the API key, the account password, user and package tokens (any JWT), the link secrets
// and the package password.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { unzipText } from '../integration/core/unzip';
import { expectConnected } from './fixtures';
import { startHarness, type Harness } from './harness';

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const PACKAGE_PASSWORD = 'pkg-pass-7c1e94';

type Result =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

function invoke(page: Page, channel: string, input?: unknown): Promise<Result> {
  return page.evaluate(
    ([c, i]) =>
      (
        globalThis as unknown as { bridge: { invoke(c: string, i: unknown): Promise<unknown> } }
      ).bridge.invoke(c, i) as Promise<Result>,
    [channel, input] as const,
  );
}

async function value<T>(page: Page, channel: string, input?: unknown): Promise<T> {
  const r = await invoke(page, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function waitForState(page: Page, id: string, state: string): Promise<void> {
  await expect
    .poll(
      async () =>
        (await value<{ id: string; state: string }[]>(page, 'transfers:list')).find(
          (t) => t.id === id,
        )?.state,
      { timeout: 60_000 },
    )
    .toBe(state);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

let h: Harness;
test.beforeAll(async () => {
  h = await startHarness();
});
test.afterAll(async () => {
  await h.close();
});

test('no key, password, token or link secret reaches a file, the page or an error', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const received: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
  const errors: string[] = [];
  const call = async (channel: string, input?: unknown): Promise<Result> => {
    const r = await invoke(page, channel, input);
    if (!r.ok) errors.push(r.error.message);
    return r;
  };

  await page.goto(h.pageUrl());
  await expectConnected(page);
  const demo = h.emulator.demo;

  // Sign in by e-mail: a wrong password first, then the right one (a user token is kept).
  await value(page, 'account:sign-out');
  expect(
    (
      await call('account:sign-in', {
        method: 'password',
        email: demo.email,
        password: 'wrong-pass-4711',
      })
    ).ok,
  ).toBe(false);
  const account = await value<{ state: string; method: string }>(page, 'account:sign-in', {
    method: 'password',
    email: demo.email,
    password: demo.password,
  });
  expect(account).toMatchObject({ state: 'signed-in', method: 'password' });

  // Send a password-protected package and copy its link (the one place a secret may go).
  const source = join(h.work, 'scan-source.bin');
  writeFileSync(source, Buffer.alloc(3 * 1024 * 1024, 7));
  h.setPicks([source]);
  await value(page, 'staging:pick', { kind: 'files' });
  const { id: upId } = await value<{ id: string }>(page, 'uploads:start', {
    destination: {
      kind: 'team',
      teamId: demo.teamId,
      name: 'Secrets scan',
      password: PACKAGE_PASSWORD,
    },
  });
  await waitForState(page, upId, 'complete');
  await expect.poll(async () => (await call('transfers:copy-link', { id: upId })).ok).toBe(true);
  const link = h.clipboard() ?? '';
  const linkSecret = new URL(link).searchParams.get('secret') ?? '';
  expect(linkSecret).not.toBe('');

  // Download it: a wrong password, then the right one.
  const parsed = await value<{ token: string }>(page, 'links:parse', { text: link });
  const wrong = await call('links:open', { token: parsed.token, password: 'not-it-0815' });
  expect(wrong.ok).toBe(false);
  await value(page, 'links:open', { token: parsed.token, password: PACKAGE_PASSWORD });
  const { id: downId } = await value<{ id: string }>(page, 'downloads:start', {
    token: parsed.token,
    password: PACKAGE_PASSWORD,
  });
  await waitForState(page, downId, 'complete');
  // The demo link too (another secret), as a second download.
  const demoParsed = await value<{ token: string }>(page, 'links:parse', { text: demo.linkUrl });
  await value(page, 'links:open', { token: demoParsed.token });

  // A transfer left paused keeps its journal (with its package token sealed away).
  h.emulator.faults.update({ bandwidthBytesPerSecond: 512 * 1024 });
  const slow = join(h.work, 'scan-slow.bin');
  writeFileSync(slow, Buffer.alloc(8 * 1024 * 1024, 3));
  h.setPicks([slow]);
  await value(page, 'staging:pick', { kind: 'files' });
  const { id: pausedId } = await value<{ id: string }>(page, 'uploads:start', {
    destination: { kind: 'team', teamId: demo.teamId, name: 'Left paused' },
  });
  await expect
    .poll(async () => {
      const t = (await value<{ id: string; bytesDone: number }[]>(page, 'transfers:list')).find(
        (x) => x.id === pausedId,
      );
      return (t?.bytesDone ?? 0) > 0;
    })
    .toBe(true);
  await value(page, 'transfers:pause', { id: pausedId });
  h.emulator.faults.clear();

  // Export diagnostics into the work folder.
  const archive = join(h.work, 'diagnostics.zip');
  h.setSavePath(archive);
  const exported = await value<{ path: string | null }>(page, 'diagnostics:export');
  expect(exported.path).toBe(archive);
  await value(page, 'history:list', {});

  const secrets: Record<string, string> = {
    'API key': demo.apiKey,
    'account password': demo.password,
    'wrong account password': 'wrong-pass-4711',
    'package password': PACKAGE_PASSWORD,
    'wrong link password': 'not-it-0815',
    'new link secret': linkSecret,
    'demo link secret': demo.linkSecret,
  };
  const leaks: string[] = [];
  const scan = (where: string, text: string) => {
    for (const [what, secret] of Object.entries(secrets))
      if (text.includes(secret)) leaks.push(`${what} in ${where}`);
    if (JWT.test(text)) leaks.push(`a token (JWT) in ${where}`);
  };

  const appHome = join(h.work, 'app');
  const written = filesUnder(appHome);
  // What the session must have written, so the scan covers real files.
  const names = written.map((f) => f.slice(appHome.length + 1));
  expect(names).toEqual(
    expect.arrayContaining(['settings.json', 'history.json', `journals/${pausedId}.jsonl`]),
  );
  expect(names).toContain('logs/api.log');
  for (const f of written) scan(f, readFileSync(f, 'latin1'));
  const entries = await unzipText(archive);
  expect(entries.size).toBeGreaterThan(2);
  for (const [name, text] of entries) scan(`diagnostics.zip:${name}`, text);
  expect(received.length).toBeGreaterThan(10);
  received.forEach((frame, i) => scan(`message ${i} to the page`, frame));
  errors.forEach((message, i) => scan(`error ${i} (${message})`, message));
  expect(errors.length).toBeGreaterThanOrEqual(2);
  expect(leaks).toEqual([]);
});
