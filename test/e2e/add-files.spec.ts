// A team package sent with "Keep the package open" rests idle, is given more files and a folder
// from its row, then finalized: the package on the service holds every file, byte for byte.
// The open dialog is the host's double; everything after the paths is real.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MiB } from '../../electron/engine/deps';
import { expect, test } from './fixtures';
import { shoot } from './screenshots';
import { packageState, teamPackageDigests } from './service-check';

const digestOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('add files and a folder to an open upload from its row, then finalize', async ({
  harness,
  openApp,
}) => {
  const path = join(harness.work, 'Open reel.bin');
  writeFileSync(path, randomBytes(6 * MiB));
  harness.setPicks([path]);
  const page = await openApp();
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Send' })
    .click();
  await page.getByRole('button', { name: 'Add files' }).click();
  await page.getByLabel('Package name').fill('Open reel');
  await page.getByRole('checkbox', { name: /Keep the package open/ }).check();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const row = page.getByRole('listitem', { name: 'Upload Open reel' });
  await expect(row).toContainText('package is still open', { timeout: 20_000 });
  await shoot(page, 'transfers-idle');
  const id = harness.core.list().find((t) => t.name === 'Open reel')!.id;

  const extra = join(harness.work, 'extra');
  mkdirSync(join(extra, 'Stills', 'day2'), { recursive: true });
  const late = join(extra, 'late.bin');
  writeFileSync(late, randomBytes(3 * MiB + 17));
  const still = join(extra, 'Stills', 'day2', 'a.jpg');
  writeFileSync(still, randomBytes(40_000));

  harness.setPicks([late]);
  await row.getByRole('button', { name: 'Add files' }).click();
  await expect(page.getByText('1 file added; sending now.')).toBeVisible();
  await expect(row).toContainText('2 of 2 files', { timeout: 20_000 });
  await expect(row).toContainText('package is still open');

  harness.setPicks([join(extra, 'Stills')]);
  await row.getByRole('button', { name: 'Add a folder to Open reel' }).click();
  await expect(row).toContainText('3 of 3 files', { timeout: 20_000 });
  await expect(row).toContainText('package is still open');

  // Adding the same file again is refused, in words, and nothing changes.
  harness.setPicks([late]);
  await row.getByRole('button', { name: 'Add files' }).click();
  await expect(page.getByText(/already holds a file at late\.bin/)).toBeVisible();
  expect(harness.core.list().find((t) => t.id === id)).toMatchObject({ filesTotal: 3 });

  const packageId = harness.manager.get(id)!.packageId!;
  expect(await packageState(harness, packageId)).toBe('new');
  await row.getByRole('button', { name: 'Finalize' }).click();
  await expect(row).toContainText('complete', { timeout: 20_000 });
  expect(await packageState(harness, packageId)).toBe('finalized');
  const stored = await teamPackageDigests(harness, packageId);
  expect(new Map(stored)).toEqual(
    new Map([
      ['Open reel.bin', digestOf(path)],
      ['late.bin', digestOf(late)],
      ['Stills/day2/a.jpg', digestOf(still)],
    ]),
  );
});
