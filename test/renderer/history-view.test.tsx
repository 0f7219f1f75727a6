// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSnapshot, HistoryItem, RemotePage } from '../../shared/ipc/contract';
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

const done = () => ok({ done: true });

function item(over: Partial<HistoryItem> = {}): HistoryItem {
  return {
    id: 'h1',
    kind: 'upload',
    state: 'complete',
    name: 'Selects',
    bytesTotal: 300 * MiB,
    filesTotal: 12,
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:01:40.000Z',
    durationSeconds: 100,
    averageRate: 3 * MiB,
    hasLink: true,
    canRetry: false,
    ...over,
  };
}

const failedDownload = item({
  id: 'h2',
  kind: 'download',
  state: 'failed',
  name: 'Grade',
  destination: '/home/me/Downloads/Grade',
  error: { code: 'disk-full', message: 'The disk is full: free 2.1 GiB and retry.' },
  hasLink: false,
  canRetry: true,
});

function page(n: number, names: string[], total: number): RemotePage {
  return {
    page: n,
    pageSize: 2,
    total,
    records: names.map((name) => ({
      id: `p-${name}`,
      name,
      size: MiB,
      fileCount: 3,
      sender: 'me@acme.tv',
    })),
  };
}

async function openHistory(
  local: HistoryItem[],
  extra: Record<string, (input: unknown) => ReturnType<typeof ok>> = {},
  account: AccountSnapshot = signedIn,
) {
  const bridge = fakeBridge({
    ...startAnswers({ account }),
    'history:list': (input) => {
      const q = input as { text?: string; kind?: string };
      return ok(
        local.filter(
          (i) =>
            (!q.text || i.name.toLowerCase().includes(q.text.toLowerCase())) &&
            (!q.kind || i.kind === q.kind),
        ),
      );
    },
    'history:remote': (input) =>
      (input as { page: number }).page === 1
        ? ok(page(1, ['Trailer', 'Stills'], 3))
        : ok(page(2, ['Audio'], 3)),
    'history:copy-link': done,
    'history:show-in-folder': done,
    'history:retry': done,
    'history:remove': done,
    'history:clear': done,
    ...extra,
  });
  const services = servicesFor(bridge, 'history');
  await renderApp(services);
  return { bridge, services, user: userEvent.setup() };
}

describe('History', () => {
  it('lists this computer’s transfers with what, how much, how fast and why it failed', async () => {
    await openHistory([item(), failedDownload]);
    const local = screen.getByRole('list', { name: 'On this computer' });
    const up = within(local).getByRole('listitem', { name: 'Upload Selects' });
    expect(up.textContent).toContain('complete');
    expect(up.textContent).toContain('300 MiB · 12 files · 2 min · 3.00 MiB/s average');
    const down = within(local).getByRole('listitem', { name: 'Download Grade' });
    expect(down.textContent).toContain('failed');
    expect(down.textContent).toContain('Into /home/me/Downloads/Grade');
    expect(down.textContent).toContain('The disk is full: free 2.1 GiB and retry.');
    // Only what applies: no link for the download, no retry for the finished upload.
    expect(within(down).queryByRole('button', { name: /Copy link/ })).toBeNull();
    expect(within(up).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).parentElement?.textContent).toContain(
      '2 entries',
    );
  });

  it('copies a link, shows a folder, retries and removes through main', async () => {
    const { bridge, services, user } = await openHistory([item(), failedDownload]);
    await user.click(screen.getByRole('button', { name: 'Copy link of Selects' }));
    expect(await screen.findByText('Link copied to the clipboard.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show Grade in its folder' }));
    await user.click(screen.getByRole('button', { name: 'Remove Selects from history' }));
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(bridge.inputs('history:copy-link')).toEqual([{ id: 'h1' }]);
    expect(bridge.inputs('history:show-in-folder')).toEqual([{ id: 'h2' }]);
    expect(bridge.inputs('history:remove')).toEqual([{ id: 'h1' }]);
    expect(bridge.inputs('history:retry')).toEqual([{ id: 'h2' }]);
    await waitFor(() => expect(services.ui.getState().place).toBe('transfers'));
  });

  it('says in main’s words why an action failed', async () => {
    const { user } = await openHistory([item()], {
      'history:copy-link': () =>
        fail('link-gone', 'The secret of this link is no longer in the keychain.'),
    });
    await user.click(screen.getByRole('button', { name: 'Copy link of Selects' }));
    expect(
      await screen.findByText('The secret of this link is no longer in the keychain.'),
    ).toBeTruthy();
  });

  it('searches both lists with one box, and filters by direction', async () => {
    const { bridge, user } = await openHistory([item(), failedDownload]);
    await user.type(screen.getByRole('searchbox', { name: 'Search history' }), 'gra');
    await waitFor(() => expect(bridge.inputs('history:list')).toContainEqual({ text: 'gra' }));
    expect(bridge.inputs('history:remote')).toContainEqual({ page: 1, text: 'gra' });
    await waitFor(() =>
      expect(screen.queryByRole('listitem', { name: 'Upload Selects' })).toBeNull(),
    );
    expect(screen.getByRole('listitem', { name: 'Download Grade' })).toBeTruthy();

    await user.clear(screen.getByRole('searchbox', { name: 'Search history' }));
    await user.click(screen.getByRole('radio', { name: 'Sent' }));
    await waitFor(() => expect(bridge.inputs('history:list')).toContainEqual({ kind: 'upload' }));
    expect(await screen.findByRole('listitem', { name: 'Upload Selects' })).toBeTruthy();
    expect(screen.queryByRole('listitem', { name: 'Download Grade' })).toBeNull();
    // Received: the team's sent packages are not part of it.
    await user.click(screen.getByRole('radio', { name: 'Received' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: /Sent by/ })).toBeNull());
  });

  it('shows the team’s sent packages a page at a time', async () => {
    const { bridge, user } = await openHistory([]);
    const team = await screen.findByRole('list', { name: 'Sent by Acme Post' });
    expect(within(team).getAllByRole('listitem')).toHaveLength(2);
    expect(team.textContent).toContain('Sent by me@acme.tv · 1.00 MiB · 3 files');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(team).getAllByRole('listitem')).toHaveLength(3));
    expect(bridge.inputs('history:remote')).toEqual([{ page: 1 }, { page: 2 }]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('asks before clearing and says what goes and what stays', async () => {
    const { bridge, user } = await openHistory([item(), failedDownload]);
    await user.click(screen.getByRole('button', { name: 'Clear history…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Clear the history of this computer?' });
    expect(dialog.textContent).toContain('2 entries and the share links kept for them are removed');
    expect(dialog.textContent).toContain('packages on MASV are not touched');
    await user.click(within(dialog).getByRole('button', { name: 'Keep history' }));
    expect(bridge.inputs('history:clear')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Clear history…' }));
    await user.click(screen.getByRole('button', { name: 'Clear history' }));
    expect(bridge.inputs('history:clear')).toHaveLength(1);
  });

  it('fetches again when main says the history changed; signed out, only this computer', async () => {
    const local = [item()];
    const { bridge } = await openHistory(local, {}, signedOut);
    expect(screen.queryByRole('heading', { name: /Sent by/ })).toBeNull();
    expect(bridge.inputs('history:remote')).toEqual([]);
    local.push(failedDownload);
    act(() => bridge.push('history:history-changed', { count: 2 }));
    expect(await screen.findByRole('listitem', { name: 'Download Grade' })).toBeTruthy();
  });

  it('with nothing at all, says what will appear here', async () => {
    await openHistory([], { 'history:remote': () => ok(page(1, [], 0)) });
    expect(await screen.findByText('No history yet')).toBeTruthy();
  });
});
