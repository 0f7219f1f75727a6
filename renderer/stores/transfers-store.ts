// Transfers as the renderer knows them: byId + order (newest first), so a row re-renders only
// when its own transfer changes. Pushes carry a per-transfer sequence number; older ones are
// dropped, which makes "subscribe first, then fetch the snapshot" safe against races.
import { createStore } from 'zustand/vanilla';
import type { TransferView, TransferViewEvent } from '../../shared/schemas/transfer-view';

export interface TransfersState {
  byId: Record<string, TransferView>;
  order: string[];
  /** False until the first snapshot arrived (the queue shows nothing rather than "empty"). */
  loaded: boolean;
  apply: (event: TransferViewEvent) => void;
  replaceAll: (list: readonly TransferView[]) => void;
  remove: (id: string) => void;
}

const newestFirst = (a: TransferView, b: TransferView) => b.createdAt - a.createdAt;

export function createTransfersStore() {
  return createStore<TransfersState>()((set) => ({
    byId: {},
    order: [],
    loaded: false,
    apply: (event) =>
      set((s) => {
        const next = event.snapshot;
        const prev = s.byId[next.id];
        if (prev && prev.seq > next.seq) return s;
        // The same seq again is a restatement main makes after its own records changed
        // (a share link was made): the content may differ, so take it.
        if (prev && prev.seq === next.seq && event.type === 'progress') return s;
        // Updated in place: copying a map of 10,000 transfers on every progress push (hundreds
        // a second) cost more than the render. Rows select their own entry, so they still see
        // the change; the new state object tells every subscriber that something changed.
        const order = prev ? s.order : insertByAge(s.order, s.byId, next);
        s.byId[next.id] = next;
        return { byId: s.byId, order };
      }),
    replaceAll: (list) =>
      set((s) => {
        const byId: Record<string, TransferView> = {};
        for (const t of list) {
          const known = s.byId[t.id];
          byId[t.id] = known && known.seq > t.seq ? known : t;
        }
        // Pushes that arrived before the snapshot are newer than it: keep those rows too.
        for (const [id, t] of Object.entries(s.byId)) byId[id] ??= t;
        const order = Object.values(byId)
          .sort(newestFirst)
          .map((t) => t.id);
        return { byId, order, loaded: true };
      }),
    remove: (id) =>
      set((s) => {
        if (!s.byId[id]) return s;
        const { [id]: _gone, ...byId } = s.byId;
        return { byId, order: s.order.filter((k) => k !== id) };
      }),
  }));
}

/** New transfers are almost always the newest: put them first unless an older one shows up. */
function insertByAge(
  order: string[],
  byId: Record<string, TransferView>,
  t: TransferView,
): string[] {
  const at = order.findIndex((id) => (byId[id]?.createdAt ?? 0) < t.createdAt);
  if (at === 0) return [t.id, ...order];
  if (at < 0) return [...order, t.id];
  return [...order.slice(0, at), t.id, ...order.slice(at)];
}

export type TransfersStore = ReturnType<typeof createTransfersStore>;
