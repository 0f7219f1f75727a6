import { describe, expect, it } from 'vitest';
import { aggregate } from '../../renderer/stores/selectors';
import { createTransfersStore } from '../../renderer/stores/transfers-store';
import { createUiStore } from '../../renderer/stores/ui-store';
import { MiB, transfer } from './fake-bridge';

describe('transfers store', () => {
  it('drops a stale progress push, takes a newer one', () => {
    const store = createTransfersStore();
    store.getState().apply({ type: 'progress', snapshot: transfer({ seq: 5, bytesDone: 5 }) });
    store.getState().apply({ type: 'progress', snapshot: transfer({ seq: 4, bytesDone: 4 }) });
    expect(store.getState().byId.a?.bytesDone).toBe(5);
    store.getState().apply({ type: 'progress', snapshot: transfer({ seq: 6, bytesDone: 6 }) });
    expect(store.getState().byId.a?.bytesDone).toBe(6);
  });

  it('takes a state restatement with the same seq (a link was made after completion)', () => {
    const store = createTransfersStore();
    const done = transfer({ seq: 9, state: 'complete', hasLink: false });
    store.getState().apply({ type: 'state', snapshot: done });
    store.getState().apply({ type: 'state', snapshot: { ...done, hasLink: true } });
    expect(store.getState().byId.a?.hasLink).toBe(true);
    // A repeated progress push of the same seq is a duplicate.
    store.getState().apply({ type: 'progress', snapshot: { ...done, bytesDone: 1 } });
    expect(store.getState().byId.a?.bytesDone).toBe(done.bytesDone);
  });

  it('lists the newest first, and keeps pushes that beat the snapshot', () => {
    const store = createTransfersStore();
    store
      .getState()
      .apply({ type: 'state', snapshot: transfer({ id: 'new', createdAt: 30, seq: 2 }) });
    store
      .getState()
      .replaceAll([transfer({ id: 'old', createdAt: 10 }), transfer({ id: 'mid', createdAt: 20 })]);
    expect(store.getState().order).toEqual(['new', 'mid', 'old']);
    expect(store.getState().loaded).toBe(true);
    store.getState().apply({ type: 'state', snapshot: transfer({ id: 'newest', createdAt: 40 }) });
    expect(store.getState().order[0]).toBe('newest');
    store.getState().remove('mid');
    expect(store.getState().order).toEqual(['newest', 'new', 'old']);
    expect(store.getState().byId.mid).toBeUndefined();
  });

  it('sums the rates of moving uploads and downloads for the status bar', () => {
    const store = createTransfersStore();
    store
      .getState()
      .replaceAll([
        transfer({ id: 'u1', rateBytesPerSecond: 10 * MiB }),
        transfer({ id: 'u2', rateBytesPerSecond: 5 * MiB }),
        transfer({ id: 'd1', kind: 'download', rateBytesPerSecond: 7 * MiB }),
        transfer({ id: 'p', state: 'paused', rateBytesPerSecond: 99 }),
        transfer({ id: 'c', state: 'complete', rateBytesPerSecond: 99 }),
      ]);
    expect(aggregate(store.getState())).toEqual({
      up: 15 * MiB,
      down: 7 * MiB,
      active: 3,
      paused: 1,
      activeUploads: 2,
    });
  });
});

describe('ui store', () => {
  it('counts moves between places and keeps at most three notifications', () => {
    const ui = createUiStore();
    ui.getState().go('transfers');
    expect(ui.getState().moves).toBe(0);
    ui.getState().go('send');
    expect(ui.getState()).toMatchObject({ place: 'send', moves: 1 });
    for (const n of [1, 2, 3, 4]) ui.getState().toast(`t${n}`);
    expect(ui.getState().toasts.map((t) => t.text)).toEqual(['t2', 't3', 't4']);
  });
});
