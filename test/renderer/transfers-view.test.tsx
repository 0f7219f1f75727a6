// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferView } from '../../shared/ipc/contract';
import {
  fail,
  fakeBridge,
  MiB,
  ok,
  servicesFor,
  signedIn,
  startAnswers,
  transfer,
} from './fake-bridge';
import { fakeLayout } from './layout';
import { renderApp } from './render-app';

beforeAll(fakeLayout);
afterEach(cleanup);

const done = () => ok({ done: true });

async function queueWith(
  list: TransferView[],
  extra: Record<string, (input: unknown) => ReturnType<typeof ok>> = {},
) {
  const bridge = fakeBridge({
    ...startAnswers({ list, account: signedIn }),
    'transfers:pause': done,
    'transfers:resume': done,
    'transfers:cancel': done,
    'transfers:retry': done,
    'transfers:finalize': done,
    'transfers:remove': done,
    'transfers:copy-link': done,
    ...extra,
  });
  const services = servicesFor(bridge);
  await renderApp(services);
  return { bridge, services, user: userEvent.setup() };
}

const row = (name: string) => screen.getByRole('listitem', { name });

describe('the queue', () => {
  it('shows each transfer with direction, state in words, percent, bytes, rate and ETA', async () => {
    await queueWith([
      transfer(),
      transfer({ id: 'd', kind: 'download', name: 'Grade', state: 'paused', createdAt: 0 }),
    ]);
    const up = row('Upload Dailies');
    expect(up.textContent).toContain('transferring');
    expect(up.textContent).toContain('50 %');
    expect(up.textContent).toContain('512 MiB of 1.00 GiB');
    expect(up.textContent).toContain('50.0 MiB/s');
    expect(up.textContent).toContain('4 min left');
    expect(up.textContent).toContain('1 of 3 files');
    const bar = within(up).getByRole('progressbar', { name: 'Upload Dailies progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe(String(512 * MiB));
    expect(bar.getAttribute('aria-valuetext')).toBe('50 %, 512 MiB of 1.00 GiB');
    expect(row('Download Grade').textContent).toContain('paused');
    // The sidebar counts what is active; the status bar sums the rates.
    expect(screen.getByRole('button', { name: /Transfers, 1 active/ })).toBeTruthy();
    expect(screen.getByRole('contentinfo', { name: 'Status' }).textContent).toContain('50.0 MiB/s');
  });

  it('applies newer pushes to the row and drops stale ones', async () => {
    const { bridge } = await queueWith([transfer({ seq: 1 })]);
    act(() =>
      bridge.push('transfers:transfer-changed', {
        type: 'progress',
        snapshot: transfer({ seq: 3, bytesDone: 768 * MiB }),
      }),
    );
    expect(row('Upload Dailies').textContent).toContain('768 MiB of 1.00 GiB');
    act(() =>
      bridge.push('transfers:transfer-changed', {
        type: 'progress',
        snapshot: transfer({ seq: 2, bytesDone: 1 }),
      }),
    );
    expect(row('Upload Dailies').textContent).toContain('768 MiB of 1.00 GiB');
    act(() => bridge.push('transfers:transfer-removed', { id: 'a' }));
    expect(screen.queryByRole('listitem', { name: 'Upload Dailies' })).toBeNull();
    expect(screen.getByText('Drop files or folders to send, or paste a MASV link.')).toBeTruthy();
  });

  it('pauses, resumes, finalizes and clears through main', async () => {
    const { bridge, user } = await queueWith([
      transfer(),
      transfer({ id: 'p', name: 'Paused one', state: 'paused', createdAt: 0 }),
      transfer({ id: 'i', name: 'Open one', state: 'idle', createdAt: -1 }),
      transfer({ id: 'c', name: 'Done one', state: 'complete', createdAt: -2 }),
    ]);
    await user.click(screen.getByRole('button', { name: 'Pause Dailies' }));
    await user.click(screen.getByRole('button', { name: 'Resume Paused one' }));
    await user.click(within(row('Upload Open one')).getByRole('button', { name: 'Finalize' }));
    expect(row('Upload Open one').textContent).toContain('package is still open');
    await user.click(screen.getByRole('button', { name: 'Clear Done one from the list' }));
    expect(bridge.inputs('transfers:pause')).toEqual([{ id: 'a' }]);
    expect(bridge.inputs('transfers:resume')).toEqual([{ id: 'p' }]);
    expect(bridge.inputs('transfers:finalize')).toEqual([{ id: 'i' }]);
    expect(bridge.inputs('transfers:remove')).toEqual([{ id: 'c' }]);
    // A complete row without a share link offers none to copy.
    expect(screen.queryByRole('button', { name: /Copy link of Done one/ })).toBeNull();
    // Only the upload left open can be given more files.
    expect(screen.getAllByRole('button', { name: 'Add files' })).toHaveLength(1);
  });

  it('adds files or a folder to an upload left open, and says how many', async () => {
    const { bridge, user } = await queueWith(
      [transfer({ id: 'i', name: 'Open one', state: 'idle' })],
      {
        'uploads:add-files': (input: unknown) =>
          (input as { kind: string }).kind === 'files'
            ? ok({ files: 2 })
            : fail(
                'not-idle',
                'Files can be added only to an upload that was sent and left open for more.',
              ),
      },
    );
    const open = row('Upload Open one');
    await user.click(within(open).getByRole('button', { name: 'Add files' }));
    expect(await screen.findByText('2 files added; sending now.')).toBeTruthy();
    await user.click(within(open).getByRole('button', { name: 'Add a folder to Open one' }));
    expect(
      await screen.findByText(
        'Files can be added only to an upload that was sent and left open for more.',
      ),
    ).toBeTruthy();
    expect(bridge.inputs('uploads:add-files')).toEqual([
      { id: 'i', kind: 'files' },
      { id: 'i', kind: 'folders' },
    ]);
  });

  it('asks before cancelling and says what is deleted; Escape keeps the transfer', async () => {
    const { bridge, user } = await queueWith([transfer({ packageId: 'pkg-1', filesDone: 1 })]);
    const cancel = screen.getByRole('button', { name: 'Cancel Dailies' });
    await user.click(cancel);
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel the upload of “Dailies”?' });
    expect(dialog.textContent).toContain(
      'The package is deleted from MASV, with the 512 MiB already sent',
    );
    expect(dialog.textContent).toContain('The files on this computer are not touched.');
    expect(document.activeElement).toBe(
      within(dialog).getByRole('button', { name: 'Keep uploading' }),
    );
    // Tab stays inside the dialog.
    await user.tab();
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(cancel);
    expect(bridge.inputs('transfers:cancel')).toEqual([]);

    await user.click(cancel);
    await user.click(screen.getByRole('button', { name: 'Cancel upload' }));
    expect(bridge.inputs('transfers:cancel')).toEqual([{ id: 'a' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says a download cancel keeps finished files where they are', async () => {
    const { user } = await queueWith([
      transfer({
        kind: 'download',
        name: 'Grade',
        filesDone: 2,
        destination: '/home/me/Downloads',
      }),
    ]);
    await user.click(screen.getByRole('button', { name: 'Cancel Grade' }));
    expect(screen.getByRole('alertdialog').textContent).toContain(
      'The download stops. 2 finished files stay in /home/me/Downloads; unfinished files are deleted.',
    );
  });

  it('shows a failure in user words with the action that fixes it', async () => {
    const { bridge, services, user } = await queueWith([
      transfer({
        state: 'failed',
        error: { code: 'server-error', message: 'dailies.mov: MASV had a temporary problem' },
      }),
      transfer({
        id: 'b',
        name: 'Grade',
        createdAt: 0,
        state: 'failed',
        error: { code: 'auth-rejected', message: 'the API key was rejected' },
      }),
      transfer({
        id: 'c',
        name: 'Full',
        kind: 'download',
        createdAt: -1,
        state: 'failed',
        error: { code: 'disk-full', message: 'the disk is full' },
      }),
    ]);
    const failed = within(row('Upload Dailies')).getByRole('alert');
    expect(failed.textContent).toContain(
      'Dailies.mov: MASV had a temporary problem. It kept failing after several tries. Check your connection, then retry.',
    );
    await user.click(within(failed).getByRole('button', { name: 'Retry' }));
    expect(bridge.inputs('transfers:retry')).toEqual([{ id: 'a' }]);

    expect(within(row('Download Full')).getByRole('alert').textContent).toContain(
      'The disk is full. Free some space, then retry.',
    );
    const auth = within(row('Upload Grade')).getByRole('alert');
    expect(auth.textContent).toContain('Sign in again, then retry.');
    await user.click(within(auth).getByRole('button', { name: 'Sign in again' }));
    expect(services.ui.getState().place).toBe('account');
  });

  it('copies a finished upload’s link through main and says so', async () => {
    const { bridge, user } = await queueWith([transfer({ state: 'complete', hasLink: true })]);
    await user.click(screen.getByRole('button', { name: 'Copy link of Dailies' }));
    expect(bridge.inputs('transfers:copy-link')).toEqual([{ id: 'a' }]);
    expect(screen.getByRole('status').textContent).toContain('Link copied to the clipboard.');
  });

  it('pause all and resume all go to main', async () => {
    const { bridge, user } = await queueWith(
      [transfer(), transfer({ id: 'p', state: 'paused', createdAt: 0 })],
      { 'transfers:pause-all': done, 'transfers:resume-all': done },
    );
    await user.click(screen.getByRole('button', { name: 'Pause all' }));
    await user.click(screen.getByRole('button', { name: 'Resume all' }));
    expect(bridge.calls.map((c) => c.channel)).toEqual(
      expect.arrayContaining(['transfers:pause-all', 'transfers:resume-all']),
    );
  });

  it('renders a window of rows, not all 10,000', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      transfer({ id: `t${i}`, name: `Transfer ${i}`, createdAt: 10_000 - i }),
    );
    await queueWith(many);
    const rows = screen
      .getAllByRole('listitem')
      .filter((li) => li.closest('[aria-label="Transfers"]'));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('10000');
    expect(screen.getByText('10,000 active · 10,000 transfers')).toBeTruthy();
  });

  it('opens a row to its files, with what was left out and renamed and why', async () => {
    const files = Array.from({ length: 10_000 }, (_, i) => ({
      path: `Day 1/clip-${String(i).padStart(5, '0')}.mov`,
      size: MiB,
      bytesDone: i === 0 ? MiB / 2 : 0,
      state: i === 0 ? 'transferring' : 'queued',
    }));
    const { bridge, user } = await queueWith([transfer({ kind: 'download' })], {
      'transfers:files': () =>
        ok({
          id: 'a',
          files,
          skipped: [{ path: '/src/Day 1/.DS_Store', reason: 'system file' }],
          renamed: [{ from: 'CON.txt', to: 'CON_.txt' }],
        }),
    });
    await user.click(screen.getByRole('button', { name: 'Show files of Dailies' }));
    const list = await screen.findByRole('list', { name: 'Files, 10,000 files' });
    const shown = within(list).getAllByRole('listitem');
    expect(shown.length).toBeLessThan(60);
    expect(shown[0]!.textContent).toContain('clip-00000.mov');
    expect(shown[0]!.textContent).toContain('512 KiB of 1.00 MiB');
    expect(screen.getByRole('region', { name: 'Left out' }).textContent).toContain(
      'Day 1/.DS_Store — system file',
    );
    expect(screen.getByRole('region', { name: 'Renamed' }).textContent).toContain(
      'CON.txt → CON_.txt',
    );
    expect(bridge.inputs('transfers:files')[0]).toEqual({ id: 'a' });
    await user.click(screen.getByRole('button', { name: 'Hide files of Dailies' }));
    expect(screen.queryByRole('list', { name: /^Files/ })).toBeNull();
  });

  it('an empty queue offers to add files (it is the drop target)', async () => {
    const { bridge, services, user } = await queueWith([], {
      'staging:pick': () =>
        ok({
          items: [],
          scanning: ['/x'],
          errors: [],
          totals: { files: 0, bytes: 0, folders: 0, emptyFiles: 0, skipped: 0 },
        }),
    });
    expect(screen.getByRole('heading', { name: 'No transfers yet' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add folders' }));
    expect(bridge.inputs('staging:pick')).toEqual([{ kind: 'folders' }]);
    expect(services.ui.getState().place).toBe('send');
  });
});
