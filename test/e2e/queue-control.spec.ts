// The queue's controls against real transfers: pause mid-upload and resume to a byte-identical
// package; cancel mid-upload, confirmed, and the package is gone from the service; a transfer
// failed by an injected fault is retried from its row and completes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MiB } from '../../electron/engine/deps';
import { expect, test } from './fixtures';
import { shoot } from './screenshots';
import { packageState, teamPackageDigests } from './service-check';

// Loopback socket buffers swallow several MiB per connection at once, so the file must be well
// beyond what two connections can buffer for progress to be seen moving under the cap.
const SIZE = 48 * MiB;

const digestOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('pause mid-upload, resume, and the package on the service is byte-identical', async ({
  harness,
  openApp,
}) => {
  harness.emulator.faults.update({ bandwidthBytesPerSecond: 1 * MiB });
  const page = await openApp();
  await expect(page.getByText('No transfers yet')).toBeVisible();

  const { id, path } = harness.startUpload('E2E dailies', SIZE);
  const row = page.getByRole('listitem', { name: 'Upload E2E dailies' });
  const bar = row.getByRole('progressbar', { name: 'Upload E2E dailies progress' });
  const done = async () => Number(await bar.getAttribute('aria-valuenow'));

  await expect(row).toContainText('transferring');
  await expect(bar).toHaveAttribute('aria-valuemax', String(SIZE));
  await expect.poll(done).toBeGreaterThan(0);
  const earlier = await done();
  await expect.poll(done).toBeGreaterThan(earlier);
  expect(await done()).toBeLessThan(SIZE);
  // The status bar sums what moves.
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(
    '1 transfer active',
  );
  await expect(row).toContainText(/\d+(\.\d+)? (KiB|MiB)\/s/);
  await shoot(page, 'transfers-moving');

  await row.getByRole('button', { name: 'Pause E2E dailies' }).click();
  await expect(row).toContainText('paused');
  await expect(row.getByRole('button', { name: 'Resume E2E dailies' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Pause E2E dailies' })).toHaveCount(0);
  expect(harness.manager.get(id)?.state).toBe('paused');
  await expect(page.getByRole('button', { name: 'Resume all' })).toBeEnabled();
  await shoot(page, 'transfers-paused');

  // Lift the cap so the rest goes quickly; the pause/resume path is what is under test.
  harness.emulator.faults.update({ bandwidthBytesPerSecond: 0 });
  await row.getByRole('button', { name: 'Resume E2E dailies' }).click();
  await expect(row).toContainText('complete', { timeout: 20_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', String(SIZE));
  const view = harness.core.list().find((t) => t.id === id);
  expect(view).toMatchObject({ state: 'complete', bytesDone: SIZE });
  const stored = await teamPackageDigests(harness, view!.packageId!);
  expect([...stored.values()]).toEqual([digestOf(path)]);
});

test('cancel mid-upload asks first, then the package is deleted on the service', async ({
  harness,
  openApp,
}) => {
  harness.emulator.faults.update({ bandwidthBytesPerSecond: 1 * MiB });
  const page = await openApp();
  const { id } = harness.startUpload('Cancelled reel', SIZE);
  const row = page.getByRole('listitem', { name: 'Upload Cancelled reel' });
  const bar = row.getByRole('progressbar');
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  const packageId = harness.manager.get(id)?.packageId;
  expect(packageId).toBeDefined();
  expect(await packageState(harness, packageId!)).not.toBe('gone');

  // Escape keeps it, and focus goes back to the button that asked.
  const cancel = row.getByRole('button', { name: 'Cancel Cancelled reel' });
  await cancel.click();
  const dialog = page.getByRole('alertdialog', { name: 'Cancel the upload of “Cancelled reel”?' });
  await expect(dialog).toContainText('The package is deleted from MASV');
  await expect(dialog).toContainText('The files on this computer are not touched.');
  await expect(dialog.getByRole('button', { name: 'Keep uploading' })).toBeFocused();
  await shoot(page, 'cancel-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(cancel).toBeFocused();
  await expect(row).toContainText('transferring');

  await cancel.click();
  await dialog.getByRole('button', { name: 'Cancel upload' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText('cancelled');
  await expect.poll(() => packageState(harness, packageId!)).toBe('gone');
});

test('a transfer failed by an injected fault is retried from its row and completes', async ({
  harness,
  openApp,
}) => {
  test.setTimeout(60_000);
  // Every finalize answers 503: the engine's bounded retries run out and the upload fails.
  harness.emulator.faults.update({
    rules: [{ route: 'api:finalizePackage', rate: 1, action: { kind: 'status', status: 503 } }],
  });
  const page = await openApp();
  const { id, path } = harness.startUpload('Flaky reel', 2 * MiB);
  const row = page.getByRole('listitem', { name: 'Upload Flaky reel' });
  await expect(row).toContainText('failed', { timeout: 40_000 });
  const alert = row.getByRole('alert');
  await expect(alert).toContainText('MASV had a temporary problem');
  await expect(alert).toContainText('Check your connection, then retry.');
  await shoot(page, 'transfers-retry');

  harness.emulator.faults.clear();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(row).toContainText('complete', { timeout: 20_000 });
  await expect(row.getByRole('alert')).toHaveCount(0);
  const view = harness.core.list().find((t) => t.id === id);
  const stored = await teamPackageDigests(harness, view!.packageId!);
  expect([...stored.values()]).toEqual([digestOf(path)]);
});
