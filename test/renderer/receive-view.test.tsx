// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Place } from '../../renderer/stores/ui-store';
import type { LinkAction } from '../../shared/ipc/contract';
import { type Answer, fail, fakeBridge, ok, servicesFor, startAnswers } from './fake-bridge';
import { renderApp } from './render-app';

afterEach(cleanup);

const LINK_ID = '01JDEMO0000000000000000000';
const action = (token: string, linkId = LINK_ID): LinkAction => ({
  token,
  preview: { linkId, host: '127.0.0.1:8480', production: false },
});

async function openReceive(
  answers: Record<string, (input: unknown) => Answer>,
  place: Place = 'receive',
) {
  const bridge = fakeBridge({ ...startAnswers(), ...answers });
  const services = servicesFor(bridge, place);
  await renderApp(services);
  return { bridge, services, user: userEvent.setup() };
}

describe('Receive', () => {
  it('shows the parser message from main as an alert for a bad link', async () => {
    const { bridge, user } = await openReceive({
      'links:parse': () => fail('bad-link', 'The link has no host.'),
    });
    await user.type(screen.getByLabelText('MASV link'), 'https:///nothing');
    await user.click(screen.getByRole('button', { name: 'Check link' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The link has no host.');
    expect(bridge.inputs('links:parse')).toEqual([{ text: 'https:///nothing' }]);
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });

  it('previews a good link and starts it with its token and password on click only', async () => {
    const { bridge, services, user } = await openReceive({
      'links:parse': () => ok(action('tok-1')),
      'downloads:start': () => ok({ id: 'd1' }),
    });
    const field = screen.getByLabelText('MASV link');
    await user.type(field, 'http://127.0.0.1:8480/x?secret=s{Enter}');
    const preview = await screen.findByRole('form', { name: 'Link to download' });
    expect(within(preview).getByText(LINK_ID)).toBeTruthy();
    expect(preview.textContent).toContain('/home/me/Downloads');
    expect(bridge.inputs('downloads:start')).toEqual([]);

    await user.type(screen.getByLabelText('Link password (if it has one)'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Download' }));
    expect(bridge.inputs('downloads:start')).toEqual([{ token: 'tok-1', password: 'pw' }]);
    expect(services.ui.getState().place).toBe('transfers');
    expect(screen.getByRole('status').textContent).toContain(
      `Download of link ${LINK_ID} started.`,
    );
  });

  it('shows why a download could not start', async () => {
    await openReceive({
      'app:ready': () =>
        ok({ pendingLinks: [action('tok-old')], host: { kind: 'electron', platform: 'linux' } }),
      'downloads:start': () =>
        fail('link-gone', 'That link is no longer open here; paste it again.'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Download' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That link is no longer open here; paste it again.',
    );
  });

  it('a link opened from outside opens Receive prefilled; it can be dismissed; nothing starts', async () => {
    const { bridge, services } = await openReceive({}, 'transfers');
    expect(services.ui.getState().place).toBe('transfers');
    act(() => bridge.push('links:link-opened', action('tok-b', '01JBBBBBBBBBBBBBBBBBBBBBBB')));
    expect(services.ui.getState().place).toBe('receive');
    expect(screen.getByText(/opened from outside the app/)).toBeTruthy();
    expect(screen.getByText('01JBBBBBBBBBBBBBBBBBBBBBBB')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('01JBBBBBBBBBBBBBBBBBBBBBBB')).toBeNull();
    expect(bridge.inputs('downloads:start')).toEqual([]);
  });

  it('a link pasted outside any field is checked in Receive', async () => {
    const { bridge, services } = await openReceive(
      { 'links:parse': () => ok(action('tok-p')) },
      'transfers',
    );
    const paste = new Event('paste', { bubbles: true }) as Event & { clipboardData: unknown };
    paste.clipboardData = { getData: () => ' https://get.massive.app/01J?secret=x ' };
    await act(async () => {
      document.body.dispatchEvent(paste);
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(services.ui.getState().place).toBe('receive');
    expect(bridge.inputs('links:parse')).toEqual([
      { text: 'https://get.massive.app/01J?secret=x' },
    ]);
    expect(await screen.findByRole('form', { name: 'Link to download' })).toBeTruthy();
    expect(bridge.inputs('downloads:start')).toEqual([]);
  });
});
