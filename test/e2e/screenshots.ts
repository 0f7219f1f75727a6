// Screenshots of the window as test artifacts, in the light and the dark theme, written to
// test-results/screenshots/ (Playwright empties test-results/ at the start of a run).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { PageWindow } from './page-window';

export const SCREENSHOT_DIR = join('test-results', 'screenshots');

export async function shoot(page: Page, name: string): Promise<void> {
  // Keyboard focus rings are part of what is judged; a pointer left over a button is not.
  const keyboard = await page.evaluate(
    () =>
      (globalThis as unknown as PageWindow).document.activeElement?.matches(':focus-visible') ??
      false,
  );
  if (!keyboard) await page.mouse.move(0, 0);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({
      path: join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`),
      caret: 'hide',
    });
  }
  await page.emulateMedia({ colorScheme: null });
}
