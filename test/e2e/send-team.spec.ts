// The main journey: stage a folder (nested folder, empty file, junk), read the summary before
// anything starts, send it as a team package, watch it complete, copy its link, and find the
// same bytes on the service through that link, as a recipient would.
import { audit } from './audit';
import { expect, test } from './fixtures';
import { shoot } from './screenshots';
import { digestsViaLink, makeShoot } from './service-check';

test('a folder is staged, sent as a team package, and its link gives back the same bytes', async ({
  harness,
  page,
  openApp,
}) => {
  const folder = makeShoot(harness, 'Day 1 shoot');
  harness.setPicks([folder.path]);
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await openApp();

  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Send' })
    .click();
  await page.getByRole('button', { name: 'Add folders' }).click();

  // What will go and what will not, before anything starts.
  const staged = page.getByRole('list', { name: 'Staged files and folders' });
  await expect(staged.getByRole('listitem')).toHaveCount(1);
  await expect(staged).toContainText('Day 1 shoot');
  await expect(staged).toContainText('4 files');
  const summary = page.getByRole('group', { name: 'Summary' });
  const stat = (label: string) =>
    summary
      .locator('div')
      .filter({ has: page.getByRole('term').getByText(label, { exact: true }) })
      .getByRole('definition');
  await expect(stat('Files')).toHaveText('4');
  // The chosen folder itself and the two inside it.
  await expect(stat('Folders kept')).toHaveText('3');
  await expect(stat('Empty files')).toHaveText('1');
  await expect(stat('Skipped')).toHaveText('2');
  await summary.getByRole('button', { name: '2 items will not be sent' }).click();
  const skipped = summary.getByRole('list', { name: 'Will not be sent' });
  await expect(skipped).toContainText('.DS_Store');
  await expect(skipped).toContainText('Thumbs.db');
  expect(harness.manager.list().filter((t) => t.name === 'Day 1 dailies')).toEqual([]);

  // The name follows the folder until the user types one.
  const name = page.getByLabel('Package name');
  await expect(name).toHaveValue('Day 1 shoot');
  await name.fill('Day 1 dailies');
  const recipients = page.getByRole('textbox', { name: 'Recipients' });
  await recipients.fill('editor@example.com');
  await recipients.press('Enter');
  await recipients.fill('not-an-address');
  await recipients.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(
    'not-an-address is not an e-mail address. Fix or remove it.',
  );
  await page.getByRole('textbox', { name: 'Message' }).fill('Selects from day 1.');
  await shoot(page, 'send-staged');
  expect(await audit(page, 'Send, staged')).toEqual([]);
  await page.getByRole('button', { name: 'Remove not-an-address' }).click();
  await expect(page.getByRole('list', { name: 'Recipients added' })).toHaveText(
    'editor@example.com',
  );

  await page.getByRole('button', { name: 'Send', exact: true }).click();

  // The transfer is in the queue at once, and the window shows the queue.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  const row = page.getByRole('listitem', { name: 'Upload Day 1 dailies' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Team Demo Team');
  await expect(row).toContainText('complete', { timeout: 20_000 });
  await expect(row).toContainText('4 of 4 files');

  await row.getByRole('button', { name: 'Copy link of Day 1 dailies' }).click();
  await expect(page.getByRole('status')).toContainText('Link copied to the clipboard.');
  const link = harness.clipboard();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9A-Z]{26}\?secret=/);
  const secret = new URL(link!).searchParams.get('secret')!;
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.filter((f) => f.includes(secret))).toEqual([]);

  // A recipient opening that link finds exactly the folder's files (junk left out, empty kept).
  expect(await digestsViaLink(harness, link!)).toEqual(folder.digests);

  // Opened, the row lists its files and what was left out, with why.
  await row.getByRole('button', { name: 'Show files of Day 1 dailies' }).click();
  const files = row.getByRole('list', { name: 'Files, 4 files' });
  await expect(files.getByRole('listitem')).toHaveCount(4);
  await expect(files).toContainText('empty.txt');
  const leftOut = row.getByRole('region', { name: 'Left out' });
  await expect(leftOut).toContainText('.DS_Store');
  await expect(leftOut).toContainText('Thumbs.db');
  await shoot(page, 'transfers-complete-expanded');
});
