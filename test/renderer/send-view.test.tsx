// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSnapshot, StagingSnapshot } from '../../shared/ipc/contract';
import {
  fail,
  fakeBridge,
  MiB,
  ok,
  servicesFor,
  signedIn,
  signedOut,
  startAnswers,
} from './fake-bridge';
import { renderApp } from './render-app';

afterEach(cleanup);

/** The place's primary action (the sidebar has a place of the same name). */
const sendButton = () => within(screen.getByRole('main')).getByRole('button', { name: 'Send' });

const staged: StagingSnapshot = {
  items: [
    {
      id: 's1',
      path: '/work/Day 1',
      name: 'Day 1',
      kind: 'folder',
      files: 12,
      bytes: 300 * MiB,
      folders: 3,
      emptyFolders: 0,
      emptyFiles: 1,
      skipped: [{ path: '/work/Day 1/.DS_Store', reason: 'system file' }],
      skippedCount: 1,
    },
    {
      id: 's2',
      path: '/work/notes.txt',
      name: 'notes.txt',
      kind: 'file',
      files: 1,
      bytes: 2048,
      folders: 0,
      emptyFolders: 0,
      emptyFiles: 0,
      skipped: [],
      skippedCount: 0,
    },
  ],
  scanning: [],
  errors: [],
  totals: { files: 13, bytes: 300 * MiB + 2048, folders: 3, emptyFiles: 1, skipped: 1 },
};

async function openSend(account: AccountSnapshot = signedIn, extra = {}) {
  const bridge = fakeBridge({
    ...startAnswers({ account }),
    'staging:get': () => ok(staged),
    'staging:remove': () => ok({ ...staged, items: staged.items.slice(1) }),
    'uploads:start': () => ok({ id: 'u1' }),
    ...extra,
  });
  const services = servicesFor(bridge, 'send');
  await renderApp(services);
  return { bridge, services, user: userEvent.setup() };
}

describe('Send', () => {
  it('shows what will go and what will not before anything starts', async () => {
    const { bridge, user } = await openSend();
    const list = screen.getByRole('list', { name: 'Staged files and folders' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(list.textContent).toContain('12 files · 300 MiB');
    const summary = screen.getByRole('group', { name: 'Summary' });
    const stat = (label: string) =>
      within(summary).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(stat('Files')).toBe('13');
    expect(stat('Total size')).toBe('300 MiB');
    expect(stat('Folders kept')).toBe('3');
    expect(stat('Empty files')).toBe('1');
    expect(stat('Skipped')).toBe('1');
    await user.click(within(summary).getByRole('button', { name: '1 item will not be sent' }));
    expect(within(summary).getByRole('list', { name: 'Will not be sent' }).textContent).toBe(
      'Day 1/.DS_Store — system file',
    );
    await user.click(screen.getByRole('button', { name: 'Remove Day 1' }));
    expect(bridge.inputs('staging:remove')).toEqual([{ id: 's1' }]);
    expect(screen.queryByText('/work/Day 1')).toBeNull();
    // Nothing was sent by looking.
    expect(bridge.inputs('uploads:start')).toEqual([]);
  });

  it('sends a team package with checked recipients and a password, then shows the queue', async () => {
    const { bridge, services, user } = await openSend();
    const name = screen.getByRole('textbox', { name: 'Package name' });
    expect((name as HTMLInputElement).value).toBe('Day 1 and 1 more');
    await user.clear(name);
    await user.type(name, 'Selects');
    const recipients = screen.getByRole('textbox', { name: /Recipients/ });
    await user.type(recipients, 'a@example.com, nope b@example.com ');
    const chips = screen.getByRole('list', { name: 'Recipients added' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['a@example.com', 'nope (not an e-mail address)', 'b@example.com']);
    expect(screen.getByRole('alert').textContent).toBe(
      'nope is not an e-mail address. Fix or remove it.',
    );
    // Sending is refused while an address is wrong; nothing reaches main.
    await user.click(sendButton());
    expect(bridge.inputs('uploads:start')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Remove nope' }));
    await user.click(
      screen.getByRole('checkbox', { name: /Protect the download with a password/ }),
    );
    await user.type(screen.getByLabelText('Download password'), 's3cret');
    await user.type(screen.getByRole('textbox', { name: /Message/ }), 'Hi');
    await user.click(screen.getByRole('checkbox', { name: /Keep the package open/ }));
    expect(screen.getByText(/Recipients get the link when you finalize it/)).toBeTruthy();
    await user.click(sendButton());

    expect(bridge.inputs('uploads:start')).toEqual([
      {
        destination: {
          kind: 'team',
          teamId: 'team-1',
          name: 'Selects',
          message: 'Hi',
          recipients: ['a@example.com', 'b@example.com'],
          password: 's3cret',
          keepOpen: true,
        },
      },
    ]);
    expect(services.ui.getState().place).toBe('transfers');
    expect(screen.getByRole('status').textContent).toContain('Sending “Selects”.');
  });

  it('says why a send was refused and takes the user to the field', async () => {
    const { user } = await openSend(signedIn, {
      'staging:get': () => ok({ ...staged, items: [], totals: { ...staged.totals, files: 0 } }),
    });
    await user.click(sendButton());
    expect(screen.getByText('Add files or folders to send.')).toBeTruthy();
    expect(screen.getByText('Name the package.')).toBeTruthy();
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Package name' }));
  });

  it('shows main’s refusal of a start in its words', async () => {
    const { user } = await openSend(signedIn, {
      'uploads:start': () => fail('not-signed-in', 'Sign in to send to your team.'),
    });
    await user.click(sendButton());
    expect(await screen.findByText('Sign in to send to your team.')).toBeTruthy();
  });

  it('looks a portal up, names it, asks for its access code, and sends there', async () => {
    const { bridge, user } = await openSend(signedOut, {
      'portals:lookup': (input: unknown) =>
        (input as { subdomain: string }).subdomain === 'studio'
          ? ok({
              subdomain: 'studio',
              name: 'Studio intake',
              message: 'Drop dailies here',
              hasAccessCode: true,
            })
          : fail('portal-not-found', 'there is no portal with that name'),
    });
    // Signed out: team packages need a sign-in, portals do not.
    expect(screen.getByText('Sign in to send a package from your team.')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Portal' }));
    const address = screen.getByRole('textbox', { name: 'Portal address' });
    await user.type(address, 'nobody');
    expect(await screen.findByText('There is no portal with that name.')).toBeTruthy();
    await user.clear(address);
    await user.type(address, 'https://Studio.portal.massive.app/');
    const found = await screen.findByText('Studio intake');
    expect(found.closest('[role="status"]')?.textContent).toContain('Needs an access code');
    expect(bridge.inputs('portals:lookup').at(-1)).toEqual({ subdomain: 'studio' });

    await user.click(sendButton());
    expect(screen.getByText('Type the access code.')).toBeTruthy();
    expect(screen.getByText('Type your e-mail address.')).toBeTruthy();
    await user.type(screen.getByLabelText('Access code'), 'c0de');
    await user.type(screen.getByRole('textbox', { name: 'Your e-mail' }), 'me@example.com');
    await user.click(sendButton());
    expect(bridge.inputs('uploads:start')).toEqual([
      {
        destination: {
          kind: 'portal',
          subdomain: 'studio',
          name: 'Day 1 and 1 more',
          senderEmail: 'me@example.com',
          message: '',
          accessCode: 'c0de',
        },
      },
    ]);
  });
});
