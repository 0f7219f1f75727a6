// Every place of the window as a user first sees it, and a busy queue, in both themes and at the
// app's opening size (screenshots are test artifacts); plus what a browser drop says.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MiB } from '../../electron/engine/deps';
import { audit } from './audit';
import { expect, test } from './fixtures';
import type { Harness } from './harness';
import type { PageWindow } from './page-window';
import { shoot } from './screenshots';

test('every place opens from the sidebar and is shot in both themes', async ({
  harness,
  openApp,
}) => {
  test.setTimeout(120_000);
  const page = await openApp();
  const nav = page.getByRole('navigation', { name: 'Places' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  await expect(page.getByText('No transfers yet')).toBeVisible();
  await shoot(page, 'transfers-empty');
  const problems = await audit(page, 'Transfers');

  for (const place of ['Send', 'Receive', 'History', 'Settings'] as const) {
    await nav.getByRole('button', { name: place }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(place);
    await expect(nav.getByRole('button', { name: place })).toHaveAttribute('aria-current', 'page');
    await shoot(page, place.toLowerCase());
    problems.push(...(await audit(page, place)));
  }
  await page.getByRole('button', { name: /^Account:/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account');
  await shoot(page, 'account');
  problems.push(...(await audit(page, 'Account')));
  expect(problems).toEqual([]);
  expect(harness.core.account.get().state).toBe('signed-in');
});

/** A team upload through the same handler the Send button calls (so it has its place). */
async function send(h: Harness, name: string, bytes: number): Promise<string> {
  const path = join(h.work, `${name}.mov`);
  writeFileSync(path, randomBytes(bytes));
  h.core.staging.clear();
  h.core.staging.add([path]);
  const { id } = await h.core.handlers['uploads:start']({
    destination: {
      kind: 'team',
      teamId: h.emulator.demo.teamId,
      name,
      message: '',
      recipients: [],
      keepOpen: false,
    },
  });
  return id;
}

test('a busy queue: moving, paused, open, complete and downloaded rows', async ({
  harness,
  page,
  openApp,
}) => {
  test.setTimeout(60_000);
  const complete = await send(harness, 'Ep 104 conform', 2 * MiB);
  await harness.manager.waitFor(complete);
  const link = await harness.core.handlers['links:parse']({ text: harness.emulator.demo.linkUrl });
  const download = await harness.core.handlers['downloads:start']({ token: link.token });
  await harness.manager.waitFor(download.id);
  const open = join(harness.work, 'client-review.mov');
  writeFileSync(open, randomBytes(1 * MiB));
  const idle = harness.manager.startUpload({
    paths: [open],
    name: 'Client review (left open)',
    target: { kind: 'team', teamId: harness.emulator.demo.teamId },
    finalize: false,
  });
  await harness.manager.waitFor(idle);
  harness.emulator.faults.update({ bandwidthBytesPerSecond: 2 * MiB });
  const paused = await send(harness, 'Trailer VFX plates', 40 * MiB);
  await openApp();

  const rows = page.getByRole('list', { name: 'Transfers' });
  const pausedRow = rows.getByRole('listitem', { name: 'Upload Trailer VFX plates' });
  await expect
    .poll(
      async () => Number(await pausedRow.getByRole('progressbar').getAttribute('aria-valuenow')),
      { timeout: 30_000 },
    )
    .toBeGreaterThan(10 * MiB);
  // Pausing keeps what the service acknowledged (whole 5 MiB parts); the rest is sent again.
  await harness.manager.pause(paused);
  await expect(pausedRow).toContainText('paused');
  // Loopback buffers let a capped upload race ahead at first: a large file stays in progress.
  harness.emulator.faults.update({ bandwidthBytesPerSecond: 1 * MiB });
  await send(harness, 'Day 3 dailies', 96 * MiB);
  await expect(rows.getByRole('listitem', { name: 'Upload Day 3 dailies' })).toContainText(/left/);
  await expect(
    rows.getByRole('listitem', { name: 'Upload Client review (left open)' }),
  ).toContainText('idle');
  await expect(rows.getByRole('listitem', { name: 'Upload Ep 104 conform' })).toContainText(
    'complete',
  );
  await expect(rows.getByRole('listitem', { name: /^Download / })).toContainText('complete');
  await shoot(page, 'transfers-busy');
  expect(await audit(page, 'Busy queue')).toEqual([]);
  await page.setViewportSize({ width: 960, height: 680 });
  await shoot(page, 'transfers-busy-960');
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Send' })
    .click();
  await shoot(page, 'send-960');

  // An upload left open is finalized from its row, and then it is complete on the service too.
  await page
    .getByRole('navigation', { name: 'Places' })
    .getByRole('button', { name: 'Transfers' })
    .click();
  const idleRow = rows.getByRole('listitem', { name: 'Upload Client review (left open)' });
  await idleRow.getByRole('button', { name: 'Finalize' }).click();
  await expect(idleRow).toContainText('complete', { timeout: 20_000 });
  const pkg = harness.core.list().find((t) => t.id === idle)?.packageId;
  const info = await harness.core.session.client.getTeamPackage(harness.emulator.demo.teamId, pkg!);
  expect(info.state).toBe('finalized');
});

test('a file dropped on the browser preview says to use Add files, and stages nothing', async ({
  harness,
  page,
  openApp,
}) => {
  await openApp();
  const dataTransfer = await page.evaluateHandle(() => {
    const w = globalThis as unknown as PageWindow;
    const data = new w.DataTransfer();
    data.items.add(new w.File(['x'], 'clip.mov'));
    return data;
  });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Send');
  await expect(page.getByRole('alert')).toHaveText(
    'Dropping works in the desktop app; use Add files here.',
  );
  expect(harness.core.staging.snapshot().items).toEqual([]);
});
