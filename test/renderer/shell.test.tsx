// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { dropPaths } from '../../renderer/features/shell/use-window-drop';
import {
  emptyStaging,
  fakeBridge,
  MiB,
  ok,
  servicesFor,
  settings,
  signedOut,
  startAnswers,
  transfer,
} from './fake-bridge';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('the frame', () => {
  it('the status bar sums rates, counts active transfers, shows limits and sign-out', async () => {
    const bridge = fakeBridge({
      ...startAnswers({
        account: signedOut,
        list: [
          transfer({ id: 'u', rateBytesPerSecond: 3 * MiB }),
          transfer({ id: 'd', kind: 'download', rateBytesPerSecond: 12 * MiB }),
        ],
      }),
      'settings:get': () => ok(settings({ uploadLimitBytesPerSecond: 10 * MiB })),
    });
    await renderApp(servicesFor(bridge));
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    expect(status.textContent).toContain('Up 3.00 MiB/s');
    expect(status.textContent).toContain('Down 12.0 MiB/s');
    expect(status.textContent).toContain('2 transfers active');
    expect(status.textContent).toContain('Limit ↑ 10.0 MiB/s');
    expect(status.textContent).toContain('Signed out');
    expect(status.textContent).toContain('127.0.0.1:8480');
  });

  it('moves between places from the sidebar and with Ctrl + number', async () => {
    const services = servicesFor(fakeBridge(startAnswers()));
    await renderApp(services);
    const user = userEvent.setup();
    const nav = screen.getByRole('navigation', { name: 'Places' });
    await user.click(screen.getByRole('button', { name: 'Receive' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Receive');
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Receive');
    // The new place's title takes focus, so keyboard users start there.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
    await user.keyboard('{Control>}2{/Control}');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Send');
    await user.keyboard('{Control>}5{/Control}');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
    expect(screen.getByText('/home/me/Downloads')).toBeTruthy();
  });

  it('dropped files go to staging as paths (desktop app)', async () => {
    const bridge = fakeBridge({
      ...startAnswers(),
      'staging:add-paths': () => ok({ ...emptyStaging, scanning: ['/work/a.mov', '/work/Day 2'] }),
    });
    bridge.paths.set('a.mov', '/work/a.mov');
    bridge.paths.set('Day 2', '/work/Day 2');
    const services = servicesFor(bridge);
    await renderApp(services);
    await act(async () => {
      dropPaths(services, [new File(['x'], 'a.mov'), new File([], 'Day 2')]);
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(bridge.inputs('staging:add-paths')).toEqual([{ paths: ['/work/a.mov', '/work/Day 2'] }]);
    expect(services.ui.getState().place).toBe('send');
    expect(screen.getAllByText('Checking…')).toHaveLength(2);
  });

  it('a drop without paths (a browser) says to use Add files instead', async () => {
    const bridge = fakeBridge(startAnswers());
    const services = servicesFor(bridge);
    await renderApp(services);
    act(() => dropPaths(services, [new File(['x'], 'a.mov')]));
    expect(screen.getByRole('alert').textContent).toBe(
      'Dropping works in the desktop app; use Add files here.',
    );
    expect(bridge.inputs('staging:add-paths')).toEqual([]);
  });

  it('a real drop event on the window is taken (the browser does not open the file)', async () => {
    const bridge = fakeBridge(startAnswers());
    const services = servicesFor(bridge);
    await renderApp(services);
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as Event & {
      dataTransfer: unknown;
    };
    drop.dataTransfer = { types: ['Files'], files: [new File(['x'], 'a.mov')] };
    act(() => void window.dispatchEvent(drop));
    expect(drop.defaultPrevented).toBe(true);
    expect(services.ui.getState().place).toBe('send');
  });
});
