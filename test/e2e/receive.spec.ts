// Receive through the window, against the app core and the local service: the package is shown
// before any byte; a password link refuses a wrong password in its own words and opens with the
// right one; 2 of 5 files go into a folder where one name clashes (reported before, renamed) with
// the bytes verified; the whole package as one zip; and a download done by keyboard alone.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { unzipText } from '../integration/core/unzip';
import { audit } from './audit';
import { expect, test } from './fixtures';
import type { Harness } from './harness';
import { shoot } from './screenshots';

/** Whether the element has the keyboard focus. */
const focused = (l: Locator) =>
  l.evaluate((el: { matches(s: string): boolean }) => el.matches(':focus'));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function openReceive(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Receive' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receive');
}

async function check(page: Page, link: string) {
  const field = page.getByLabel('MASV link');
  await field.fill(link);
  await field.press('Enter');
  return page.getByRole('form', { name: 'Link to download' });
}

/** A team package of five files (two in a folder) with a share link, sent through the core. */
async function fivePackage(h: Harness): Promise<{ link: string; dir: string }> {
  const dir = join(h.work, `Five-${Date.now()}`);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const name of ['a.txt', 'b.txt', 'c.bin', 'sub/d.txt', 'sub/e.bin'])
    writeFileSync(join(dir, name), randomBytes(1000 + name.length));
  h.core.staging.clear();
  h.core.staging.add([dir]);
  const { id } = await h.core.handlers['uploads:start']({
    destination: {
      kind: 'team',
      teamId: h.emulator.demo.teamId,
      name: 'Five',
      message: 'Selects for review',
      recipients: [],
      keepOpen: false,
    },
  });
  await expect
    .poll(() => h.core.list().find((t) => t.id === id)?.hasLink, { timeout: 20_000 })
    .toBe(true);
  await h.core.handlers['transfers:copy-link']({ id });
  return { link: h.clipboard() ?? '', dir };
}

/** A password link on the demo package, made through the public API. */
async function passwordLink(h: Harness, password: string): Promise<string> {
  const { apiUrl, demo } = h.emulator;
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

test('2 of 5 files into a folder where one name clashes: reported, renamed, bytes verified', async ({
  harness,
  openApp,
}) => {
  const { link, dir } = await fivePackage(harness);
  const base = dir.split('/').pop()!;
  const folder = join(harness.work, `in-${Date.now()}`);
  mkdirSync(join(folder, base), { recursive: true });
  writeFileSync(join(folder, base, 'a.txt'), 'mine, keep me');
  harness.setFolderPick(folder);

  const page = await openApp();
  await openReceive(page);
  const form = await check(page, link);
  // Before any byte: the package, its sender's message, size and files.
  const head = form.getByRole('region', { name: 'Package' });
  await expect(head).toContainText('Five');
  await expect(head).toContainText('5 files');
  expect(harness.manager.list().filter((t) => t.kind === 'download')).toEqual([]);

  await form.getByRole('button', { name: 'Select none' }).click();
  await expect(form).toContainText('0 files of 5 selected');
  const tree = form.getByRole('list', { name: 'Files in the package' });
  await tree.getByText(/^a\.txt/).click();
  await form.getByLabel('Filter files').fill('e.bin');
  await tree.getByText(/^e\.bin/).click();
  await expect(form).toContainText('2 files of 5 selected');
  await form.getByRole('button', { name: 'Choose…' }).click();
  await expect(form).toContainText(folder);
  const report = form.getByRole('region', { name: 'Before downloading' });
  await expect(report).toContainText('1 file already there');
  await expect(report).toContainText(`${base}/a.txt: saved as ${base}/a (1).txt`);
  await expect(report).toContainText('free');
  await shoot(page, 'receive-package');
  expect(await audit(page, 'Receive')).toEqual([]);

  await form.getByRole('button', { name: 'Download' }).click();
  const row = page.getByRole('listitem', { name: /^Download / });
  await expect(row).toContainText('complete', { timeout: 20_000 });
  expect(readFileSync(join(folder, base, 'a.txt'), 'utf8')).toBe('mine, keep me');
  expect(sha(readFileSync(join(folder, base, 'a (1).txt')))).toBe(
    sha(readFileSync(join(dir, 'a.txt'))),
  );
  expect(sha(readFileSync(join(folder, base, 'sub', 'e.bin')))).toBe(
    sha(readFileSync(join(dir, 'sub', 'e.bin'))),
  );
  expect(readdirSync(join(folder, base)).sort()).toEqual(['a (1).txt', 'a.txt', 'sub']);
  expect(readdirSync(join(folder, base, 'sub'))).toEqual(['e.bin']);
  // When it is done: Show in folder (the host's file manager).
  await row.getByRole('button', { name: /in its folder$/ }).click();
  await expect.poll(() => harness.shown.at(-1)).toBe(folder);
});

test('a password link: a wrong password is refused in words, the right one opens it', async ({
  harness,
  openApp,
}) => {
  const link = await passwordLink(harness, 'open sesame');
  const page = await openApp();
  await openReceive(page);
  const form = await check(page, link);
  await expect(form).toContainText('This link needs a password.');
  const password = form.getByLabel('Link password (if it has one)');
  await password.fill('nope');
  await form.getByRole('button', { name: 'Open the link' }).click();
  await expect(form).toContainText('That password is not right for this link.');
  await password.fill('open sesame');
  await form.getByRole('button', { name: 'Open the link' }).click();
  await expect(form.getByRole('region', { name: 'Package' })).toContainText('2 files');
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByRole('listitem', { name: /^Download / })).toContainText('complete', {
    timeout: 20_000,
  });
});

test('the whole package as one zip, verified', async ({ harness, openApp }) => {
  const folder = join(harness.work, `zip-${Date.now()}`);
  mkdirSync(folder);
  harness.setFolderPick(folder);
  const page = await openApp();
  await openReceive(page);
  const form = await check(page, harness.emulator.demo.linkUrl);
  await form.getByRole('radio', { name: /One zip \(zip_windows/ }).check();
  await form.getByRole('button', { name: 'Choose…' }).click();
  await expect(form).toContainText(folder);
  await form.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByRole('listitem', { name: /^Download / })).toContainText('complete', {
    timeout: 20_000,
  });
  const [name] = readdirSync(folder);
  expect(name).toMatch(/\.zip$/);
  const entries = await unzipText(join(folder, name ?? ''));
  expect(entries.get('hello.txt')).toBe('Hello from the local MASV emulator.\n');
  expect(entries.get('notes/readme.md')).toContain('Demo package');
});

test('a download by keyboard alone', async ({ harness, openApp }) => {
  const page = await openApp();
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Receive' })
    .focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receive');
  const field = page.getByLabel('MASV link');
  for (let i = 0; i < 30 && !(await focused(field)); i++) await page.keyboard.press('Tab');
  await expect(field).toBeFocused();
  await page.keyboard.type(harness.emulator.demo.linkUrl);
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Link to download' });
  await expect(form.getByRole('region', { name: 'Package' })).toContainText('2 files');
  const download = form.getByRole('button', { name: 'Download' });
  for (let i = 0; i < 60 && !(await focused(download)); i++) await page.keyboard.press('Tab');
  await expect(download).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listitem', { name: /^Download / })).toContainText('complete', {
    timeout: 20_000,
  });
  expect(readFileSync(join(harness.downloadDir, 'hello.txt'), 'utf8')).toBe(
    'Hello from the local MASV emulator.\n',
  );
});
