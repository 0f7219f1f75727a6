// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppApi, type RawBridge } from '../../renderer/api/bridge';
import { LinksView } from '../../renderer/features/links/links-view';
import type { LinkAction } from '../../shared/ipc/contract';

afterEach(cleanup);

const LINK_ID = '01JDEMO0000000000000000000';
const action = (token: string, linkId = LINK_ID): LinkAction => ({
  token,
  preview: { linkId, host: '127.0.0.1:8480', production: false },
});

type Answer =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** Records calls in order (subscriptions too) and answers from a per-channel script. */
function fakeBridge(answers: Record<string, (input: unknown) => Answer>) {
  const calls: { channel: string; input?: unknown }[] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const raw: RawBridge = {
    invoke: (channel, input) => {
      calls.push({ channel, input });
      const answer = answers[channel];
      return Promise.resolve(
        answer ? answer(input) : { ok: false, error: { code: 'unexpected', message: channel } },
      );
    },
    on: (channel, l) => {
      calls.push({ channel: `on ${channel}` });
      listeners.set(channel, l);
      return () => listeners.delete(channel);
    },
  };
  return {
    api: createAppApi(raw),
    calls,
    push: (channel: string, p: unknown) => listeners.get(channel)!(p),
  };
}

const ready =
  (pendingLinks: LinkAction[] = []) =>
  () => ({ ok: true as const, value: { pendingLinks } });

describe('LinksView', () => {
  it('shows the parser message from main as an alert for a bad link', async () => {
    const bridge = fakeBridge({
      'app:ready': ready(),
      'links:parse': () => ({
        ok: false,
        error: { code: 'bad-link', message: 'The link has no host.' },
      }),
    });
    render(<LinksView api={bridge.api} />);
    fireEvent.change(screen.getByLabelText('MASV link'), { target: { value: 'https:///nothing' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check link' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The link has no host.');
    expect(bridge.calls.find((c) => c.channel === 'links:parse')?.input).toEqual({
      text: 'https:///nothing',
    });
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });

  it('previews a good link and starts the download with its token and password on click', async () => {
    const bridge = fakeBridge({
      'app:ready': ready(),
      'links:parse': () => ({ ok: true, value: action('tok-1') }),
      'downloads:start': () => ({ ok: true, value: { id: 'd1' } }),
    });
    render(<LinksView api={bridge.api} />);
    const field = screen.getByLabelText('MASV link');
    fireEvent.change(field, { target: { value: ' http://127.0.0.1:8480/x?secret=s ' } });
    // Enter in the field submits its form: keyboard users never need the mouse.
    fireEvent.submit(field.closest('form')!);
    const preview = await screen.findByRole('form', { name: 'Link to download' });
    expect(within(preview).getByText(LINK_ID)).toBeTruthy();
    expect(within(preview).getByText(/127\.0\.0\.1:8480/)).toBeTruthy();
    expect(bridge.calls.some((c) => c.channel === 'downloads:start')).toBe(false);

    fireEvent.change(screen.getByLabelText('Link password (if it has one)'), {
      target: { value: 'pw' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(await screen.findByText(`Download of link ${LINK_ID} started.`)).toBeTruthy();
    expect(bridge.calls.filter((c) => c.channel === 'downloads:start')).toEqual([
      { channel: 'downloads:start', input: { token: 'tok-1', password: 'pw' } },
    ]);
    expect(screen.queryByRole('form', { name: 'Link to download' })).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('MASV link').value).toBe('');
  });

  it('shows why a download could not start', async () => {
    const bridge = fakeBridge({
      'app:ready': ready([action('tok-old')]),
      'downloads:start': () => ({
        ok: false,
        error: { code: 'link-gone', message: 'That link is no longer open here; paste it again.' },
      }),
    });
    render(<LinksView api={bridge.api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That link is no longer open here; paste it again.',
    );
  });

  it('prefills from links held until ready, subscribing before it says ready', async () => {
    const bridge = fakeBridge({
      'app:ready': ready([action('tok-a', '01JAAAAAAAAAAAAAAAAAAAAAAA')]),
    });
    render(<LinksView api={bridge.api} />);
    expect(await screen.findByText('01JAAAAAAAAAAAAAAAAAAAAAAA')).toBeTruthy();
    const order = bridge.calls.map((c) => c.channel);
    expect(order.indexOf('on links:link-opened')).toBeLessThan(order.indexOf('app:ready'));
    expect(screen.getByText(/opened from outside the app/)).toBeTruthy();
    // Nothing starts on its own: only the click below would.
    expect(bridge.calls.some((c) => c.channel === 'downloads:start')).toBe(false);
  });

  it('prefills from a pushed link and lets the user dismiss it', async () => {
    const bridge = fakeBridge({ 'app:ready': ready() });
    render(<LinksView api={bridge.api} />);
    await act(async () => {});
    expect(screen.queryByRole('form', { name: 'Link to download' })).toBeNull();
    act(() => bridge.push('links:link-opened', action('tok-b', '01JBBBBBBBBBBBBBBBBBBBBBBB')));
    expect(screen.getByText('01JBBBBBBBBBBBBBBBBBBBBBBB')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('01JBBBBBBBBBBBBBBBBBBBBBBB')).toBeNull();
    expect(bridge.calls.some((c) => c.channel === 'downloads:start')).toBe(false);
  });
});
