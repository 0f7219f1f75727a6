// The WebSocket bridge grants what the preload grants: only the app's own page, holding the
// one-time token it was opened with, reaches the handlers. Anything else sees a dead app.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** What the page gets when it calls main directly through window.bridge. */
function callFromPage(page: Page): Promise<string> {
  return page.evaluate(() =>
    (globalThis as unknown as { bridge: { invoke(channel: string): Promise<unknown> } }).bridge
      .invoke('transfers:list')
      .then(
        () => 'answered',
        (e: Error) => e.message,
      ),
  );
}

async function expectRefused(page: Page, calledBefore: number, calls: () => number) {
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(
    'Not connected to the app',
  );
  // The engine has transfers (started below), yet this page is shown none of them.
  await expect(page.getByRole('list', { name: 'Transfers' })).toHaveCount(0);
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Receive' })
    .click();
  await page.getByLabel('MASV link').fill('https://get.massive.app/01J?secret=x');
  await page.getByRole('button', { name: 'Check link' }).click();
  await expect(page.getByRole('alert')).toHaveText('The app did not answer. Try again.');
  expect(await callFromPage(page)).toMatch(/refused or closed/);
  expect(calls()).toBe(calledBefore);
}

test.beforeEach(async ({ harness }) => {
  if (harness.manager.list().length === 0) {
    const { id } = harness.startUpload('Existing', 1024 * 1024);
    await harness.manager.waitFor(id);
  }
});

test('a page on a foreign origin holding a valid token is refused', async ({ page, harness }) => {
  const before = harness.trustedCalls.length;
  await page.goto(harness.pageUrl({ origin: harness.foreignOrigin }));
  await expectRefused(page, before, () => harness.trustedCalls.length);
});

test('the app page with a wrong token is refused', async ({ page, harness }) => {
  const before = harness.trustedCalls.length;
  await page.goto(harness.pageUrl({ token: 'not-the-token' }));
  await expectRefused(page, before, () => harness.trustedCalls.length);
});

test('a token opens one page only', async ({ page, context, harness }) => {
  const url = harness.pageUrl();
  await page.goto(url);
  await expect(page.getByRole('list', { name: 'Transfers' })).toBeVisible();
  const before = harness.trustedCalls.length;
  const second = await context.newPage();
  await second.goto(url);
  await expectRefused(second, before, () => harness.trustedCalls.length);
});
