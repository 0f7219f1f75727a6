// Every place of the window, as a user first sees it, in both themes (screenshots are artifacts).
import { expect, test } from './fixtures';
import { shoot } from './screenshots';

test('every place opens from the sidebar and is shot in both themes', async ({
  harness,
  openApp,
}) => {
  const page = await openApp();
  const nav = page.getByRole('navigation', { name: 'Places' });
  await nav.getByRole('button', { name: 'Transfers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  await shoot(page, 'transfers-empty');

  for (const [place, heading] of [
    ['Send', 'Send'],
    ['Receive', 'Receive'],
    ['History', 'History'],
    ['Settings', 'Settings'],
  ] as const) {
    await nav.getByRole('button', { name: place }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(nav.getByRole('button', { name: place })).toHaveAttribute('aria-current', 'page');
    await shoot(page, place.toLowerCase());
  }
  await page.getByRole('button', { name: /^Account:/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account');
  await shoot(page, 'account');
  expect(harness.core.account.get().state).toBe('signed-in');
});
