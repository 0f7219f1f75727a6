// Figures derived from the transfers store for the frame (sidebar count, status bar). They are
// primitives or shallow-compared, so a progress tick re-renders only what shows them.
import type { TransferState } from '../../shared/transfers';
import type { TransfersState } from './transfers-store';

const ACTIVE: ReadonlySet<TransferState> = new Set([
  'queued',
  'preparing',
  'transferring',
  'finalizing',
]);

export function isActive(state: TransferState): boolean {
  return ACTIVE.has(state);
}

export interface Aggregate {
  up: number;
  down: number;
  active: number;
  paused: number;
  activeUploads: number;
}

/** One pass per state, however many places ask (the sidebar, the queue, the status bar…). */
const computed = new WeakMap<TransfersState, Aggregate>();

export function aggregate(s: TransfersState): Aggregate {
  const known = computed.get(s);
  if (known) return known;
  const a = count(s);
  computed.set(s, a);
  return a;
}

function count(s: TransfersState): Aggregate {
  const a: Aggregate = { up: 0, down: 0, active: 0, paused: 0, activeUploads: 0 };
  for (const id of s.order) {
    const t = s.byId[id];
    if (!t) continue;
    if (t.state === 'paused') a.paused++;
    if (!isActive(t.state)) continue;
    a.active++;
    if (t.kind === 'upload') {
      a.activeUploads++;
      if (t.state === 'transferring') a.up += t.rateBytesPerSecond;
    } else if (t.state === 'transferring') a.down += t.rateBytesPerSecond;
  }
  return a;
}
