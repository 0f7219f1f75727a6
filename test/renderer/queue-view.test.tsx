// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppApi, type RawBridge } from '../../renderer/api/bridge';
import { QueueView } from '../../renderer/features/queue/queue-view';
import { createTransfersStore } from '../../renderer/stores/transfers-store';
import type { TransferSnapshot } from '../../shared/transfers';

afterEach(cleanup);

const snap = (over: Partial<TransferSnapshot>): TransferSnapshot => ({
  id: 'a',
  kind: 'upload',
  state: 'transferring',
  name: 'Dailies',
  createdAt: 1,
  bytesDone: 512 * 1024 * 1024,
  bytesTotal: 1024 * 1024 * 1024,
  filesDone: 0,
  filesTotal: 3,
  rateBytesPerSecond: 50 * 1024 * 1024,
  etaSeconds: 10,
  seq: 1,
  ...over,
});

function fakeBridge(list: TransferSnapshot[]) {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const raw: RawBridge = {
    invoke: (channel, input) => {
      calls.push({ channel, input });
      if (channel === 'transfers:list') return Promise.resolve({ ok: true, value: list });
      return Promise.resolve({ ok: true, value: { done: true } });
    },
    on: (channel, l) => (listeners.set(channel, l), () => listeners.delete(channel)),
  };
  return { raw, calls, push: (channel: string, p: unknown) => listeners.get(channel)!(p) };
}

describe('QueueView', () => {
  it('shows the snapshot, applies newer pushes and drops stale ones', async () => {
    const bridge = fakeBridge([snap({})]);
    const store = createTransfersStore();
    render(<QueueView api={createAppApi(bridge.raw)} store={store} />);
    expect(await screen.findByText(/512 MiB of 1.0 GiB/)).toBeTruthy();
    expect(bridge.calls[0]!.channel).toBe('transfers:list');

    act(() =>
      bridge.push('transfers:transfer-changed', {
        type: 'progress',
        snapshot: snap({ seq: 3, bytesDone: 768 * 1024 * 1024 }),
      }),
    );
    expect(screen.getByText(/768 MiB of 1.0 GiB/)).toBeTruthy();
    act(() =>
      bridge.push('transfers:transfer-changed', {
        type: 'progress',
        snapshot: snap({ seq: 2, bytesDone: 1 }),
      }),
    );
    expect(screen.getByText(/768 MiB of 1.0 GiB/)).toBeTruthy();
  });

  it('pauses a transfer through the bridge and shows errors as alerts', async () => {
    const bridge = fakeBridge([
      snap({}),
      snap({
        id: 'b',
        name: 'Grade',
        state: 'failed',
        error: { code: 'auth-rejected', message: 'The API key was rejected.' },
      }),
    ]);
    render(<QueueView api={createAppApi(bridge.raw)} store={createTransfersStore()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    expect(bridge.calls.at(-1)).toEqual({ channel: 'transfers:pause', input: { id: 'a' } });
    expect(screen.getByRole('alert').textContent).toBe('The API key was rejected.');
    expect(screen.getByRole('button', { name: 'Resume' })).toBeTruthy();
  });

  it('turns an error envelope into a rejected call with the code from main', async () => {
    const raw: RawBridge = {
      invoke: () => Promise.resolve({ ok: false, error: { code: 'bad-input', message: 'no' } }),
      on: () => () => {},
    };
    await expect(createAppApi(raw).invoke('transfers:pause', { id: 'x' })).rejects.toMatchObject({
      code: 'bad-input',
    });
  });
});
