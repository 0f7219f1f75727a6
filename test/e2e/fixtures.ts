// Playwright fixtures: one harness per worker (workers: 1, so one for the run), and `openApp`,
// which loads the built app with a fresh one-time token and waits until it is connected. Each
// test ends with the rig as the next one expects it: no faults, nothing staged, signed in.
import { expect, test as base, type Page } from '@playwright/test';
import { startHarness, type Harness } from './harness';

/** Console noise that is not the app's fault; anything else fails a test. */
const KNOWN_NOISE: RegExp[] = [];

/** A usual desktop window size (the app opens at 960×680; views.spec.ts also shoots that size). */
export const WINDOW = { width: 1200, height: 760 };

interface TestFixtures {
  openApp: () => Promise<Page>;
}

export const test = base.extend<TestFixtures, { harness: Harness }>({
  harness: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here.
    async ({}, use) => {
      const harness = await startHarness();
      await use(harness);
      await harness.close();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  openApp: async ({ page, harness }, use) => {
    // Any CSP violation or page error is a bug in the app or the harness: fail loudly.
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !KNOWN_NOISE.some((re) => re.test(m.text())))
        problems.push(`console: ${m.text()}`);
    });
    await page.setViewportSize(WINDOW);
    await use(async () => {
      await page.goto(harness.pageUrl());
      await expectConnected(page);
      return page;
    });
    expect(problems).toEqual([]);
    harness.emulator.faults.clear();
    harness.core.staging.clear();
    await harness.signIn();
    await clearQueue(harness);
  },
});

/** Stops and forgets every transfer (the service keeps what was sent), so each test starts clean. */
async function clearQueue(harness: Harness): Promise<void> {
  for (const t of harness.core.list()) {
    if (['queued', 'preparing', 'transferring', 'finalizing'].includes(t.state))
      await harness.manager.pause(t.id).catch(() => undefined);
    await Promise.resolve(harness.core.handlers['transfers:remove']({ id: t.id })).catch(
      () => undefined,
    );
  }
}

/** The frame is on screen and main answered (the status bar no longer says it is connecting). */
export async function expectConnected(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Places' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status' })).not.toContainText('Connecting');
}

export { expect };
