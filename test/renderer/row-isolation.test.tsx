// @vitest-environment jsdom
// A progress tick re-renders the row it belongs to and nothing else in the queue: each row reads
// only its own transfer from the store (thousands of rows stay smooth).
import { act, cleanup, screen } from '@testing-library/react';
import { Profiler, type ComponentProps } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as RowModule from '../../renderer/features/transfers/transfer-row';
import { fakeBridge, MiB, servicesFor, startAnswers, transfer } from './fake-bridge';
import { fakeLayout } from './layout';
import { renderApp } from './render-app';

const commits = new Map<string, number>();

vi.mock('../../renderer/features/transfers/transfer-row', async (importActual) => {
  const actual = await importActual<typeof RowModule>();
  const Actual = actual.TransferRow;
  return {
    TransferRow: (p: ComponentProps<typeof Actual>) => (
      <Profiler id={p.id} onRender={(id) => commits.set(id, (commits.get(id) ?? 0) + 1)}>
        <Actual {...p} />
      </Profiler>
    ),
  };
});

beforeAll(fakeLayout);
afterEach(cleanup);

describe('row isolation', () => {
  it('a progress push for one transfer re-renders only its row', async () => {
    const list = ['a', 'b', 'c'].map((id, i) =>
      transfer({ id, name: `T ${id}`, createdAt: 10 - i }),
    );
    const bridge = fakeBridge(startAnswers({ list }));
    await renderApp(servicesFor(bridge));
    expect(screen.getAllByRole('listitem', { name: /^Upload T / })).toHaveLength(3);
    commits.clear();
    act(() =>
      bridge.push('transfers:transfer-changed', {
        type: 'progress',
        snapshot: transfer({ id: 'b', name: 'T b', createdAt: 9, seq: 2, bytesDone: 600 * MiB }),
      }),
    );
    expect(screen.getByRole('listitem', { name: 'Upload T b' }).textContent).toContain('600 MiB');
    expect(commits.get('b')).toBeGreaterThan(0);
    expect(commits.get('a')).toBeUndefined();
    expect(commits.get('c')).toBeUndefined();
  });
});
