// History against the app core and the local service: a download from a link lands in History
// and its link is copied (from the keychain, by main); a transfer failed by an injected fault
// raises a notification through the notifier seam, which shows it, and is retried from History.
import type { Page } from '@playwright/test';
import { MiB } from '../../electron/engine/deps';
import { audit } from './audit';
import { expect, test } from './fixtures';
import { shoot } from './screenshots';

async function go(page: Page, place: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: place })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(place);
}

test('a download appears in History and its link can be copied', async ({
  harness,
  page,
  openApp,
}) => {
  const { linkUrl, linkSecret } = harness.emulator.demo;
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await harness.signIn();
  // The rig is shared by a worker's tests: start this one from an empty history.
  await harness.core.handlers['history:clear'](undefined);
  await openApp();
  await go(page, 'Receive');
  const field = page.getByLabel('MASV link');
  await field.fill(linkUrl);
  await field.press('Enter');
  await page
    .getByRole('form', { name: 'Link to download' })
    .getByRole('button', { name: 'Download' })
    .click();
  const row = page.getByRole('listitem', { name: /^Download / });
  await expect(row).toContainText('complete', { timeout: 20_000 });
  const name = ((await row.getAttribute('aria-label')) ?? '').replace(/^Download /, '');

  await go(page, 'History');
  const local = page.getByRole('list', { name: 'On this computer' });
  const entry = local.getByRole('listitem', { name: `Download ${name}` });
  await expect(entry).toContainText('complete');
  await expect(entry).toContainText('2 files');
  await expect(entry).toContainText(`Into ${harness.downloadDir}`);
  // The team's packages from MASV are listed below, a page at a time.
  await expect(page.getByRole('heading', { name: /^Sent by / })).toBeVisible();
  await shoot(page, 'history-entries');
  expect(await audit(page, 'History')).toEqual([]);

  await entry.getByRole('button', { name: `Copy link of ${name}` }).click();
  await expect(page.getByText('Link copied to the clipboard.')).toBeVisible();
  const copied = harness.clipboard() ?? '';
  expect(new URL(copied).searchParams.get('secret')).toBe(linkSecret);
  expect(new URL(copied).pathname).toBe(new URL(linkUrl).pathname);
  // The secret went to the clipboard through main; the page never saw it.
  expect(frames.filter((f) => f.includes(linkSecret))).toEqual([]);

  // Searching narrows the list; removing an entry removes it.
  await page.getByRole('searchbox', { name: 'Search history' }).fill('no such package');
  await expect(page.getByText('Nothing matches')).toBeVisible();
  await page.getByRole('button', { name: 'Show everything' }).click();
  await entry.getByRole('button', { name: `Remove ${name} from history` }).click();
  await expect(entry).toHaveCount(0);
  await expect(local).toHaveCount(0);
});

test('a failed transfer notifies, the notice shows it, and History retries it', async ({
  harness,
  openApp,
}) => {
  test.setTimeout(90_000);
  harness.emulator.faults.update({
    rules: [{ route: 'api:finalizePackage', rate: 1, action: { kind: 'status', status: 503 } }],
  });
  const page = await openApp();
  const { id } = harness.startUpload('Flaky history reel', 2 * MiB);
  await expect
    .poll(() => harness.notices.find((n) => n.transferId === id)?.title ?? '', { timeout: 60_000 })
    .toMatch(/failed/i);

  // Clicking the notice shows that transfer (the app core's seam the Electron host calls).
  await go(page, 'Settings');
  harness.core.showTransfer(id);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  await expect(page.getByRole('listitem', { name: 'Upload Flaky history reel' })).toContainText(
    'failed',
  );

  harness.emulator.faults.clear();
  await go(page, 'History');
  const entry = page
    .getByRole('list', { name: 'On this computer' })
    .getByRole('listitem', { name: 'Upload Flaky history reel' });
  await expect(entry).toContainText('failed');
  await entry.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  await expect(page.getByRole('listitem', { name: 'Upload Flaky history reel' })).toContainText(
    'complete',
    { timeout: 30_000 },
  );
});
