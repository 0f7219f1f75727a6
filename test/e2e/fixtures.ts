// Playwright fixtures: one harness per worker (workers: 1, so one for the run), and `openApp`,
// which loads the built app with a fresh one-time token and waits until it is on screen.
import { expect, test as base, type Page } from '@playwright/test';
import { startHarness, type Harness } from './harness';

/** Console noise that is not the app's fault; anything else fails a test. */
const KNOWN_NOISE: RegExp[] = [];

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
    await use(async () => {
      await page.goto(harness.pageUrl());
      await expect(page.getByRole('heading', { name: 'MASV Desktop' })).toBeVisible();
      return page;
    });
    expect(problems).toEqual([]);
    harness.emulator.faults.clear();
  },
});

export { expect };
