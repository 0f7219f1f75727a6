// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../shared/ipc/contract';
import {
  fail,
  fakeBridge,
  ok,
  servicesFor,
  signedIn,
  signedOut,
  startAnswers,
  transfer,
} from './fake-bridge';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('sign-in', () => {
  it('shows main’s sentence for a refused key, then signs in with the right one', async () => {
    let accepted = false;
    const bridge = fakeBridge({
      ...startAnswers({ account: signedOut }),
      'account:sign-in': (input) =>
        (input as { apiKey?: string }).apiKey === 'good'
          ? ((accepted = true), ok(signedIn))
          : fail('auth-rejected', '127.0.0.1:8480 did not accept this API key.'),
    });
    const services = servicesFor(bridge);
    await renderApp(services);
    const user = userEvent.setup();
    // Signed out at start: the window opens on sign-in.
    const form = screen.getByRole('form', { name: 'Sign in to MASV' });
    const submit = within(form).getByRole('button', { name: 'Sign in' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    await user.type(
      within(form).getByLabelText('API key', { selector: 'input[type=password]' }),
      'bad',
    );
    await user.click(submit);
    expect(within(form).getByRole('alert').textContent).toBe(
      '127.0.0.1:8480 did not accept this API key.',
    );
    const key = within(form).getByLabelText('API key', { selector: 'input[type=password]' });
    await user.clear(key);
    await user.type(key, 'good');
    await user.click(submit);
    expect(bridge.inputs('account:sign-in').at(-1)).toEqual({
      method: 'api-key',
      apiKey: 'good',
      serverUrl: 'http://127.0.0.1:8480',
    });
    expect(accepted).toBe(true);
    act(() => bridge.push('account:account-changed', signedIn));
    expect(services.ui.getState().place).toBe('transfers');
    expect(screen.getByRole('button', { name: 'Account: Acme Post, API key' })).toBeTruthy();
  });

  it('signs in with e-mail and password at a custom server and forgets the password on failure', async () => {
    const bridge = fakeBridge({
      ...startAnswers({ account: signedOut }),
      'account:sign-in': () => fail('auth-rejected', 'The e-mail or password is not right.'),
    });
    await renderApp(servicesFor(bridge));
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'E-mail and password' }));
    await user.type(screen.getByRole('textbox', { name: 'E-mail' }), 'me@example.com');
    const password = screen.getByLabelText('Password');
    await user.type(password, 'hunter2');
    await user.click(screen.getByRole('button', { name: 'Advanced' }));
    const server = screen.getByRole('textbox', { name: 'Server' });
    await user.clear(server);
    await user.type(server, 'https://masv.example.com');
    await user.click(
      within(screen.getByRole('form', { name: 'Sign in to MASV' })).getByRole('button', {
        name: 'Sign in',
      }),
    );
    expect(bridge.inputs('account:sign-in')).toEqual([
      {
        method: 'password',
        email: 'me@example.com',
        password: 'hunter2',
        serverUrl: 'https://masv.example.com',
      },
    ]);
    expect(screen.getByRole('alert').textContent).toBe('The e-mail or password is not right.');
    expect((password as HTMLInputElement).value).toBe('');
  });
});

describe('the account', () => {
  const withTransfers = async (account: AccountSnapshot, list = [transfer()]) => {
    const bridge = fakeBridge({
      ...startAnswers({ account, list }),
      'account:sign-out': () => ok(signedOut),
      'account:set-team': () => ok({ ...signedIn, teamId: 'team-2' }),
    });
    const services = servicesFor(bridge);
    await renderApp(services);
    return { bridge, services, user: userEvent.setup() };
  };

  it('asks before signing out while uploads run, and says what pauses', async () => {
    const { bridge, services, user } = await withTransfers(signedIn);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Sign out while uploads run?' });
    expect(dialog.textContent).toContain(
      '1 upload will pause and wait until you sign in again. Nothing already sent is lost.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Stay signed in' }));
    expect(bridge.inputs('account:sign-out')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Sign out' }),
    );
    expect(bridge.inputs('account:sign-out')).toHaveLength(1);
    expect(services.ui.getState().place).toBe('account');
  });

  it('signs out at once when nothing is uploading', async () => {
    const { bridge, user } = await withTransfers(signedIn, [transfer({ state: 'complete' })]);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.inputs('account:sign-out')).toHaveLength(1);
  });

  it('shows who, where the sign-in is kept, and switches the team uploads go to', async () => {
    const { bridge, user } = await withTransfers({
      ...signedIn,
      method: 'password',
      email: 'me@example.com',
    });
    await user.click(screen.getByRole('button', { name: 'Account: me@example.com, Acme Post' }));
    expect(screen.getByText('The system keychain')).toBeTruthy();
    expect(screen.getByText('User token (the password is not kept)')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Second Unit' }));
    expect(bridge.inputs('account:set-team')).toEqual([{ teamId: 'team-2' }]);
  });

  it('tells the user to sign in again when the server stopped accepting the sign-in', async () => {
    const { user } = await withTransfers({
      ...signedIn,
      problem: 'MASV no longer accepts the saved sign-in. Sign in again.',
    });
    expect(screen.getByRole('button', { name: /^Account: Acme Post, Sign in again/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /^Account:/ }));
    await user.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(screen.getByRole('form', { name: 'Sign in to MASV' })).toBeTruthy();
  });
});
