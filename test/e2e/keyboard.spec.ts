// The whole send journey without a mouse: Tab, Enter and typing only, with a visible focus
// indicator on every stop. Focus lands where the user expects after each step (the place's
// title after navigating, the same button after the drop zone gives way to the list).
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { PageElement, PageWindow } from './page-window';
import { shoot } from './screenshots';
import { digestsViaLink, makeShoot } from './service-check';

/** True when the focused element (or, for a visually hidden input, its styled twin) shows focus. */
function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    const el = w.document.activeElement;
    if (!el || el === w.document.body) return false;
    const shows = (e: PageElement | null) => {
      if (!e) return false;
      const s = w.getComputedStyle(e);
      return (
        (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
      );
    };
    return shows(el) || shows(el.nextElementSibling);
  });
}

/** Presses Tab until `target` has focus, checking every stop on the way shows its focus. */
async function tabTo(page: Page, target: Locator, key = 'Tab', maxStops = 40): Promise<void> {
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press(key);
    expect(await focusIsVisible(page), `focus visible at stop ${i + 1}`).toBe(true);
    if (
      await target.evaluate(
        (el) => el === (globalThis as unknown as PageWindow).document.activeElement,
      )
    )
      return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test('the send journey by keyboard only', async ({ harness, openApp }) => {
  const folder = makeShoot(harness, 'Keyboard shoot', 512 * 1024);
  harness.setPicks([folder.path]);
  const page = await openApp();
  const nav = page.getByRole('navigation', { name: 'Places' });

  await tabTo(page, nav.getByRole('button', { name: 'Send' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Send' })).toBeFocused();

  const addFolders = page.getByRole('button', { name: 'Add folders' });
  await tabTo(page, addFolders);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Staged files and folders' })).toContainText(
    'Keyboard shoot',
  );
  // The drop zone gave way to the list; focus stays on "Add folders" (now in the list's head).
  await expect(addFolders).toBeFocused();

  const name = page.getByRole('textbox', { name: 'Package name' });
  await tabTo(page, name);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Keyboard package');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await page.keyboard.type('Sent without a mouse.');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Recipients' })).toBeFocused();
  await page.keyboard.type('producer@example.com');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Recipients added' })).toHaveText(
    'producer@example.com',
  );
  await shoot(page, 'keyboard-send');

  // Enter in a field sends (the header's Send button is the same action).
  await tabTo(page, name, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Transfers' })).toBeFocused();

  const row = page.getByRole('listitem', { name: 'Upload Keyboard package' });
  await expect(row).toContainText('complete', { timeout: 20_000 });
  await tabTo(page, row.getByRole('button', { name: 'Copy link of Keyboard package' }));
  await shoot(page, 'keyboard-copy-link');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Link copied to the clipboard.');
  expect(await digestsViaLink(harness, harness.clipboard()!)).toEqual(folder.digests);
});
