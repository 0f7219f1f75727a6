// Sending into someone's portal: the address is looked up and the portal named, its access code
// asked for; a wrong code fails with words that say what to do, the right one gets the files
// onto the service byte for byte.
import { expect, test } from './fixtures';
import { shoot } from './screenshots';
import { makeShoot, teamPackageDigests } from './service-check';

test('a portal that needs an access code receives the folder once the right code is given', async ({
  harness,
  openApp,
}) => {
  const { lockedPortalSubdomain: subdomain, lockedPortalAccessCode: code } = harness.emulator.demo;
  const folder = makeShoot(harness, 'Portal reel', 1024 * 1024);
  harness.setPicks([folder.path]);
  const page = await openApp();
  const send = async (accessCode: string, name: string) => {
    await page
      .getByRole('navigation', { name: 'Places' })
      .getByRole('button', { name: 'Send' })
      .click();
    await page.getByRole('button', { name: 'Add folders' }).click();
    await expect(page.getByRole('list', { name: 'Staged files and folders' })).toContainText(
      '4 files',
    );
    await page.getByRole('radio', { name: 'Portal' }).check();
    const address = page.getByRole('textbox', { name: 'Portal address' });
    await address.fill(subdomain);
    const found = page.getByRole('status').filter({ hasText: 'Demo Locked Portal' });
    await expect(found).toContainText('Needs an access code');
    await page.getByLabel('Access code').fill(accessCode);
    await page.getByRole('textbox', { name: 'Your e-mail' }).fill('sender@example.com');
    await page.getByRole('textbox', { name: 'Package name' }).fill(name);
    await shoot(page, 'send-portal');
    await page.getByRole('textbox', { name: 'Package name' }).press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
    return page.getByRole('listitem', { name: `Upload ${name}`, exact: true });
  };

  // An address that is no portal is said so before anything is sent.
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Send' })
    .click();
  await page.getByRole('radio', { name: 'Portal' }).check();
  await page.getByRole('textbox', { name: 'Portal address' }).fill('no-such-portal');
  await expect(page.getByRole('alert')).toHaveText('There is no portal with that name.');

  const wrong = await send('not-the-code', 'Portal reel (wrong code)');
  await expect(wrong).toContainText('failed', { timeout: 15_000 });
  await expect(wrong.getByRole('alert')).toHaveText(
    'The portal access code is wrong. Send again with the right access code.',
  );
  await expect(wrong.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await shoot(page, 'transfers-failed');

  const right = await send(code, 'Portal reel');
  await expect(right).toContainText(`Portal ${subdomain}`);
  await expect(right).toContainText('complete', { timeout: 20_000 });
  // Portal packages have no share link of ours: the portal's owner has them.
  await expect(right.getByRole('button', { name: /Copy link/ })).toHaveCount(0);

  // Portal packages arrive in the portal owner's team (here the demo team).
  const sent = harness.core.list().find((t) => t.name === 'Portal reel');
  expect(sent?.packageId).toBeDefined();
  expect(await teamPackageDigests(harness, sent!.packageId!)).toEqual(folder.digests);
});
