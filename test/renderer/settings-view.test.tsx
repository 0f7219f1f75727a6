// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsSnapshot } from '../../shared/ipc/contract';
import {
  fail,
  fakeBridge,
  MiB,
  ok,
  servicesFor,
  settings,
  signedIn,
  startAnswers,
} from './fake-bridge';
import { renderApp } from './render-app';

afterEach(cleanup);

/** main answers an update with the settings as they are now (the patch applied). */
function openSettings(start: SettingsSnapshot = settings()) {
  let now = start;
  const bridge = fakeBridge({
    ...startAnswers({ account: signedIn }),
    'settings:get': () => ok(now),
    'settings:update': (input) => {
      const { patch } = input as { patch: Partial<SettingsSnapshot['values']> };
      now = { ...now, values: { ...now.values, ...patch } };
      return ok(now);
    },
    'dialogs:pick-folder': () => ok({ path: '/media/raid/incoming' }),
    'diagnostics:export': () => ok({ path: '/home/me/masv-diagnostics.zip', files: ['app.log'] }),
    'app:about': () =>
      ok({
        app: '0.1.0',
        electron: null,
        chrome: null,
        node: 'v20.20.2',
        os: 'Linux 6.1',
        platform: 'linux',
        arch: 'x64',
      }),
  });
  const services = servicesFor(bridge, 'settings');
  return { bridge, services, now: () => now, user: userEvent.setup() };
}

const patches = (bridge: ReturnType<typeof fakeBridge>) =>
  bridge.inputs('settings:update').map((i) => (i as { patch: unknown }).patch);

describe('Settings', () => {
  it('saves a number when the field is left, and says what is allowed when it is not', async () => {
    const { bridge, services, user } = openSettings();
    await renderApp(services);
    const parts = screen.getByRole('textbox', { name: 'Parts in flight' });
    await user.clear(parts);
    await user.type(parts, '0');
    await user.tab();
    expect(await screen.findByText('A whole number from 1 to 64.')).toBeTruthy();
    expect(parts.getAttribute('aria-invalid')).toBe('true');
    expect(patches(bridge)).toEqual([]);
    await user.clear(parts);
    await user.type(parts, '12{Enter}');
    await waitFor(() => expect(patches(bridge)).toEqual([{ partConcurrency: 12 }]));
    expect(screen.queryByText('A whole number from 1 to 64.')).toBeNull();

    const part = screen.getByRole('textbox', { name: 'Largest part' });
    await user.clear(part);
    await user.type(part, '4{Enter}');
    expect(await screen.findByText('A whole number from 5 to 5,120.')).toBeTruthy();
    await user.clear(part);
    await user.type(part, '64{Enter}');
    await waitFor(() => expect(patches(bridge)).toContainEqual({ chunkSizeBytes: 64 * MiB }));
  });

  it('sets limits in MiB/s (empty is no limit) and shows what is in force', async () => {
    const { bridge, services, user } = openSettings(
      settings({ uploadLimitBytesPerSecond: 5 * MiB, scheduleInForce: 'Mon–Fri 09:00–18:00' }),
    );
    await renderApp(services);
    expect(
      screen.getByText(
        /In force now: upload 5\.00 MiB\/s, download no limit \(schedule: Mon–Fri 09:00–18:00\)\./,
      ),
    ).toBeTruthy();
    const down = screen.getByRole('textbox', { name: 'Download limit' });
    await user.type(down, 'fast{Enter}');
    expect(
      await screen.findByText('Type a number above 0, or leave it empty for no limit.'),
    ).toBeTruthy();
    await user.clear(down);
    await user.type(down, '2.5{Enter}');
    await waitFor(() =>
      expect(patches(bridge)).toEqual([{ downloadLimitBytesPerSecond: 2.5 * MiB }]),
    );
    await user.clear(down);
    await user.tab();
    await waitFor(() =>
      expect(patches(bridge)).toContainEqual({ downloadLimitBytesPerSecond: null }),
    );
  });

  it('edits the weekly schedule: add a window, change its days, refuse no days, remove it', async () => {
    const { bridge, services, user, now } = openSettings();
    await renderApp(services);
    expect(screen.getByText('No schedule: the limits above apply all week.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add a time window' }));
    const window1 = await screen.findByRole('listitem', { name: 'Window 1' });
    expect(now().values.bandwidthSchedule).toEqual([
      expect.objectContaining({ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }),
    ]);
    await user.click(within(window1).getByRole('checkbox', { name: 'Saturday' }));
    await waitFor(() =>
      expect(now().values.bandwidthSchedule[0]?.days).toEqual([1, 2, 3, 4, 5, 6]),
    );
    // Unticking every day is refused with a reason; nothing is saved.
    const before = patches(bridge).length;
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
      await user.click(within(window1).getByRole('checkbox', { name: day }));
    await user.click(within(window1).getByRole('checkbox', { name: 'Saturday' }));
    expect(await within(window1).findByRole('alert')).toHaveProperty(
      'textContent',
      'Pick at least one day.',
    );
    expect(now().values.bandwidthSchedule[0]?.days).toEqual([6]);
    expect(patches(bridge).length).toBe(before + 5);
    await user.click(within(window1).getByRole('button', { name: 'Remove window 1' }));
    await waitFor(() => expect(now().values.bandwidthSchedule).toEqual([]));
  });

  it('chooses the download folder, the clash rule, the theme and the app’s behaviour', async () => {
    const { bridge, services, user } = openSettings();
    await renderApp(services);
    await user.click(screen.getByRole('button', { name: 'Choose…' }));
    await waitFor(() =>
      expect(patches(bridge)).toEqual([{ downloadFolder: '/media/raid/incoming' }]),
    );
    await user.click(screen.getByRole('radio', { name: 'Skip it' }));
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    await user.click(screen.getByRole('checkbox', { name: /Notify me/ }));
    await user.click(screen.getByRole('checkbox', { name: /Start with the computer/ }));
    await waitFor(() =>
      expect(patches(bridge)).toEqual([
        { downloadFolder: '/media/raid/incoming' },
        { onConflict: 'skip' },
        { theme: 'dark' },
        { notifications: false },
        { launchAtLogin: true },
      ]),
    );
    // The theme applies at once (the tokens read data-theme).
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await user.click(screen.getByRole('button', { name: 'Use the default' }));
    await waitFor(() => expect(patches(bridge)).toContainEqual({ downloadFolder: null }));
  });

  it('shows main’s refusal in its words', async () => {
    const { bridge, services, user } = openSettings();
    bridge.answer('settings:update', () =>
      fail('bad-input', 'The CA file /etc/ssl/nope.pem does not exist.'),
    );
    await renderApp(services);
    const ca = screen.getByRole('textbox', { name: /Extra certificate authority/ });
    await user.type(ca, 'relative/ca.pem{Enter}');
    expect(await screen.findByText('Type the full path of the file.')).toBeTruthy();
    await user.clear(ca);
    await user.type(ca, '/etc/ssl/nope.pem{Enter}');
    expect(await screen.findByText('The CA file /etc/ssl/nope.pem does not exist.')).toBeTruthy();
  });

  it('exports diagnostics and shows the versions', async () => {
    const { services, user } = openSettings();
    await renderApp(services);
    const versions = await screen.findByLabelText('Versions');
    expect(versions.textContent).toContain('v20.20.2');
    expect(versions.textContent).toContain('none (browser preview)');
    await user.click(screen.getByRole('button', { name: 'Export diagnostics…' }));
    expect(await screen.findByText('Written to /home/me/masv-diagnostics.zip')).toBeTruthy();
  });
});
