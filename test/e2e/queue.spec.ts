// The queue as a user sees it: an upload started through the engine appears, moves, pauses when
// asked and completes after Resume. The emulator's bandwidth cap keeps it visibly in progress.
import { MiB } from '../../electron/engine/deps';
import { expect, test } from './fixtures';

// Loopback socket buffers swallow several MiB per connection at once, so the file must be well
// beyond what two connections can buffer for progress to be seen moving under the cap.
const SIZE = 48 * MiB;

test('an upload shows progress, pauses on Pause and completes after Resume', async ({
  harness,
  openApp,
}) => {
  harness.emulator.faults.update({ bandwidthBytesPerSecond: 1 * MiB });
  const page = await openApp();
  // The queue has loaded its snapshot (empty, or what earlier tests left) before the upload starts.
  await expect(
    page.getByRole('list', { name: 'Transfers' }).or(page.getByText(/No transfers yet/)),
  ).toBeVisible();

  const { id } = harness.startUpload('E2E dailies', SIZE);
  const row = page.getByRole('listitem', { name: 'Upload E2E dailies' });
  const bar = row.getByRole('progressbar', { name: 'Upload E2E dailies progress' });
  const done = async () => Number(await bar.getAttribute('value'));

  await expect(row).toContainText('transferring');
  await expect(bar).toHaveAttribute('max', String(SIZE));
  await expect.poll(done).toBeGreaterThan(0);
  const earlier = await done();
  await expect.poll(done).toBeGreaterThan(earlier);
  expect(await done()).toBeLessThan(SIZE);

  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row).toContainText('paused');
  await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  expect(harness.manager.get(id)?.state).toBe('paused');

  // Lift the cap so the rest goes quickly; the pause/resume path is what is under test.
  harness.emulator.faults.update({ bandwidthBytesPerSecond: 0 });
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(row).toContainText('complete', { timeout: 20_000 });
  await expect(bar).toHaveAttribute('value', String(SIZE));
  // A complete transfer leaves the engine (its journal goes) and stays listed by the core.
  expect(harness.core.list().find((t) => t.id === id)).toMatchObject({
    state: 'complete',
    bytesDone: SIZE,
  });
});
