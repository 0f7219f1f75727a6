// The Receive place against the real parser in main and the real download engine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parseMasvLink } from '../../shared/links';
import { expect, test } from './fixtures';
import type { PageWindow } from './page-window';
import { shoot } from './screenshots';

async function openReceive(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Receive' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receive');
}

function parserMessage(text: string): string {
  const r = parseMasvLink(text);
  if (r.ok) throw new Error(`expected ${text} to be refused`);
  return r.error.message;
}

test('a bad link shows the message from the parser in main', async ({ openApp }) => {
  const page = await openApp();
  await openReceive(page);
  const field = page.getByLabel('MASV link');
  for (const bad of [
    'ftp://get.massive.app/01J?secret=x',
    'https://evil.example/01JDEMO?secret=abc',
  ]) {
    await field.fill(bad);
    await page.getByRole('button', { name: 'Check link' }).click();
    await expect(page.getByRole('alert')).toHaveText(parserMessage(bad));
    await expect(page.getByRole('button', { name: 'Download' })).toHaveCount(0);
  }
});

test('the demo link downloads both files to disk with the right bytes', async ({
  harness,
  page,
  openApp,
}) => {
  const { linkUrl, linkId, linkSecret } = harness.emulator.demo;
  // Everything main sends the page, to show the link secret never crosses to the renderer.
  const received: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
  await openApp();
  await openReceive(page);

  const field = page.getByLabel('MASV link');
  await field.fill(linkUrl);
  await field.press('Enter');
  const preview = page.getByRole('form', { name: 'Link to download' });
  await expect(preview).toContainText(linkId);
  await expect(preview).toContainText(new URL(harness.emulator.apiUrl).host);
  await expect(preview).toContainText(harness.downloadDir);
  expect(harness.manager.list().filter((t) => t.kind === 'download')).toEqual([]);
  await shoot(page, 'receive-link');

  await preview.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByRole('status')).toContainText(`Download of link ${linkId} started.`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  const row = page.getByRole('listitem', { name: /^Download / });
  await expect(row).toContainText('complete', { timeout: 20_000 });
  await expect(row).toContainText('2 of 2 files');

  expect(await readFile(join(harness.downloadDir, 'hello.txt'), 'utf8')).toBe(
    'Hello from the local MASV emulator.\n',
  );
  expect(await readFile(join(harness.downloadDir, 'notes', 'readme.md'), 'utf8')).toBe(
    '# Demo package\n\nTwo small files, one in a folder.\n',
  );
  expect(received.length).toBeGreaterThan(0);
  expect(received.filter((frame) => frame.includes(linkSecret))).toEqual([]);
});

test('a link opened from outside opens Receive, prefilled, and waits for the click', async ({
  harness,
  openApp,
}) => {
  const { linkUrl, linkId } = harness.emulator.demo;
  const calls = harness.trustedCalls.length;
  const page = await openApp();
  // The page has told main it is ready, so the link is pushed rather than held.
  await expect.poll(() => harness.trustedCalls.slice(calls).includes('app:ready')).toBe(true);
  const downloads = harness.manager.list().filter((t) => t.kind === 'download').length;

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');

  expect(harness.links.accept(linkUrl)).toBeDefined();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receive');
  const preview = page.getByRole('form', { name: 'Link to download' });
  await expect(preview).toContainText('opened from outside the app');
  await expect(preview).toContainText(linkId);
  expect(harness.manager.list().filter((t) => t.kind === 'download')).toHaveLength(downloads);
  await shoot(page, 'receive-offered');

  await preview.getByRole('button', { name: 'Dismiss' }).click();
  await expect(preview).toHaveCount(0);
  expect(harness.manager.list().filter((t) => t.kind === 'download')).toHaveLength(downloads);
});

test('a link opened before the window was ready prefills the view once it is', async ({
  harness,
  openApp,
}) => {
  const { linkUrl, linkId } = harness.emulator.demo;
  harness.links.markNotReady();
  expect(harness.links.accept(linkUrl)).toBeDefined();
  const page = await openApp();
  const preview = page.getByRole('form', { name: 'Link to download' });
  await expect(preview).toContainText(linkId);
  await expect(preview).toContainText('opened from outside the app');
});

test('a link pasted anywhere in the window is checked in Receive, nothing starts', async ({
  harness,
  openApp,
}) => {
  const { linkUrl, linkId } = harness.emulator.demo;
  const page = await openApp();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  // What a paste of the link does (Chromium gives pages no clipboard reads without a prompt).
  await page.evaluate((text) => {
    const w = globalThis as unknown as PageWindow;
    const data = new w.DataTransfer();
    data.setData('text/plain', text);
    w.document.body.dispatchEvent(
      new w.ClipboardEvent('paste', { clipboardData: data, bubbles: true }),
    );
  }, linkUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receive');
  await expect(page.getByRole('form', { name: 'Link to download' })).toContainText(linkId);
  expect(harness.manager.list().filter((t) => t.kind === 'download')).toEqual([]);
});
