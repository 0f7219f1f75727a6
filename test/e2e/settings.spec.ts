// Settings against the app core: what is changed in the window is what the core keeps and
// applies (dark theme at once, shot in both themes); lowering the download limit in the window
// while a download runs lowers its measured rate within a few seconds.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { MiB } from '../../electron/engine/deps';
import { DEFAULT_SETTINGS } from '../../shared/schemas/settings';
import { audit } from './audit';
import { expect, test } from './fixtures';
import type { Harness } from './harness';
import { shoot } from './screenshots';

async function openSettings(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Settings' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
}

/** The harness is shared by a worker's tests: put back what a test changed. */
async function restore(h: Harness): Promise<void> {
  const { theme, partConcurrency, downloadLimitBytesPerSecond, uploadLimitBytesPerSecond } =
    DEFAULT_SETTINGS;
  await h.core.handlers['settings:update']({
    patch: {
      theme,
      partConcurrency,
      downloadLimitBytesPerSecond,
      uploadLimitBytesPerSecond,
      bandwidthSchedule: [],
      notifications: true,
    },
  });
}

test('what is changed in the window is what the core keeps; dark applies at once', async ({
  harness,
  openApp,
}) => {
  const page = await openApp();
  try {
    await openSettings(page);
    await shoot(page, 'settings-values');
    expect(await audit(page, 'Settings')).toEqual([]);

    const parts = page.getByRole('textbox', { name: 'Parts in flight' });
    await parts.fill('99');
    await parts.press('Enter');
    await expect(page.getByText('A whole number from 1 to 64.')).toBeVisible();
    await parts.fill('6');
    await parts.press('Enter');
    await expect.poll(() => harness.core.settings.get().partConcurrency).toBe(6);

    await page.getByRole('textbox', { name: 'Upload limit' }).first().fill('3');
    await page.getByRole('textbox', { name: 'Upload limit' }).first().press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'In force now' })).toContainText(
      'upload 3.00 MiB/s',
    );
    expect(harness.core.settings.get().uploadLimitBytesPerSecond).toBe(3 * MiB);

    await page.getByText('Notify me when a transfer completes or fails').click();
    await expect(page.getByRole('checkbox', { name: /Notify me/ })).not.toBeChecked();
    await expect.poll(() => harness.core.settings.get().notifications).toBe(false);

    await page.getByRole('button', { name: 'Add a time window' }).click();
    await expect(page.getByRole('listitem', { name: 'Window 1' })).toBeVisible();
    expect(harness.core.settings.get().bandwidthSchedule).toHaveLength(1);
    await shoot(page, 'settings-schedule');

    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(harness.core.settings.get().theme).toBe('dark');
    // A fresh window comes up dark as well.
    await page.goto(harness.pageUrl());
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  } finally {
    await restore(harness);
  }
});

test('lowering the download limit mid-download lowers the measured rate within seconds', async ({
  harness,
  openApp,
}) => {
  test.setTimeout(90_000);
  const page = await openApp();
  try {
    // A 40 MiB team package with a share link, sent through the same handler as Send.
    const path = join(harness.work, 'Rate reel.mov');
    writeFileSync(path, randomBytes(40 * MiB));
    harness.core.staging.clear();
    harness.core.staging.add([path]);
    const up = await harness.core.handlers['uploads:start']({
      destination: {
        kind: 'team',
        teamId: harness.emulator.demo.teamId,
        name: 'Rate reel',
        message: '',
        recipients: [],
        keepOpen: false,
      },
    });
    await expect
      .poll(() => harness.core.list().find((t) => t.id === up.id)?.hasLink, { timeout: 30_000 })
      .toBe(true);
    await harness.core.handlers['transfers:copy-link']({ id: up.id });
    const link = harness.clipboard() ?? '';

    await harness.core.handlers['settings:update']({
      patch: { downloadLimitBytesPerSecond: 8 * MiB },
    });
    const { token } = await harness.core.handlers['links:parse']({ text: link });
    await harness.core.handlers['links:open']({ token });
    const destination = join(harness.work, 'rate-dl');
    mkdirSync(destination, { recursive: true });
    const { id } = await harness.core.handlers['downloads:start']({ token, destination });
    const done = () => harness.core.list().find((t) => t.id === id)?.bytesDone ?? 0;
    const rateOver = async (ms: number) => {
      const a = done();
      const t0 = Date.now();
      await page.waitForTimeout(ms);
      return ((done() - a) / (Date.now() - t0)) * 1000;
    };
    await expect.poll(done, { timeout: 20_000 }).toBeGreaterThan(2 * MiB);
    const before = await rateOver(1500);

    await openSettings(page);
    const field = page.getByRole('textbox', { name: 'Download limit' }).first();
    await field.fill('1');
    await field.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'In force now' })).toContainText(
      'download 1.00 MiB/s',
    );
    // Within a few seconds: what is already buffered drains, then the new limit holds.
    await page.waitForTimeout(1500);
    const after = await rateOver(2500);
    console.log(
      `download rate: ${(before / MiB).toFixed(1)} MiB/s before, ${(after / MiB).toFixed(1)} MiB/s after lowering the limit to 1 MiB/s`,
    );
    expect(before).toBeGreaterThan(4 * MiB);
    expect(after).toBeLessThan(1.6 * MiB);
    expect(harness.core.list().find((t) => t.id === id)?.state).toBe('transferring');
  } finally {
    await restore(harness);
  }
});
