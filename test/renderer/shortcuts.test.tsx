// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyStaging,
  fakeBridge,
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

async function open() {
  const bridge = fakeBridge({
    ...startAnswers({ account: signedIn, list: [transfer({ id: 'a', name: 'Dailies' })] }),
    'staging:pick': () => ok(emptyStaging),
    'transfers:pause': () => ok({ done: true }),
  });
  const services = servicesFor(bridge);
  await renderApp(services);
  return { bridge, services, user: userEvent.setup() };
}

describe('keyboard shortcuts', () => {
  it('? shows them all, Escape closes the overlay', async () => {
    const { user } = await open();
    await user.keyboard('?');
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getAllByRole('row')).toHaveLength(9);
    expect(help.textContent).toContain('Add files to send');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Ctrl+O adds files, Ctrl+Shift+O folders, Ctrl+, opens Settings, Ctrl+L the link field', async () => {
    const { bridge, services, user } = await open();
    await user.keyboard('{Control>}o{/Control}');
    expect(services.ui.getState().place).toBe('send');
    await user.keyboard('{Control>}{Shift>}o{/Shift}{/Control}');
    expect(bridge.inputs('staging:pick')).toEqual([{ kind: 'files' }, { kind: 'folders' }]);
    await user.keyboard('{Control>},{/Control}');
    expect(services.ui.getState().place).toBe('settings');
    await user.keyboard('{Control>}l{/Control}');
    expect(services.ui.getState().place).toBe('receive');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('MASV link')));
  });

  it('P pauses the focused transfer; Delete asks before cancelling it', async () => {
    const { bridge, user } = await open();
    const row = screen.getByRole('listitem', { name: 'Upload Dailies' });
    within(row).getByRole('button', { name: 'Show files of Dailies' }).focus();
    await user.keyboard('p');
    expect(bridge.inputs('transfers:pause')).toEqual([{ id: 'a' }]);
    within(row).getByRole('button', { name: 'Show files of Dailies' }).focus();
    await user.keyboard('{Delete}');
    expect(
      screen.getByRole('alertdialog', { name: 'Cancel the upload of “Dailies”?' }),
    ).toBeTruthy();
  });
});
