// Transfers as the renderer knows them: byId + order, so a row re-renders only when its own
// transfer changes. Pushes carry a per-transfer sequence number; older ones are dropped, which
// makes "subscribe first, then fetch the snapshot" safe against races.
import { createStore } from 'zustand/vanilla';
import type { TransferEvent, TransferSnapshot } from '../../shared/transfers';

export interface TransfersState {
  byId: Record<string, TransferSnapshot>;
  order: string[];
  apply(event: TransferEvent): void;
  replaceAll(list: readonly TransferSnapshot[]): void;
}

export function createTransfersStore() {
  return createStore<TransfersState>()((set) => ({
    byId: {},
    order: [],
    apply: (event) =>
      set((s) => {
        const next = event.snapshot;
        const prev = s.byId[next.id];
        if (prev && prev.seq >= next.seq) return s;
        return {
          byId: { ...s.byId, [next.id]: next },
          order: prev ? s.order : [...s.order, next.id],
        };
      }),
    replaceAll: (list) =>
      set((s) => {
        const byId: Record<string, TransferSnapshot> = {};
        for (const t of list) {
          const known = s.byId[t.id];
          byId[t.id] = known && known.seq > t.seq ? known : t;
        }
        const order = [...list].sort((a, b) => a.createdAt - b.createdAt).map((t) => t.id);
        return { byId, order };
      }),
  }));
}

export type TransfersStore = ReturnType<typeof createTransfersStore>;
