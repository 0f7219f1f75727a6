// Where the user is (the place shown), which queue rows are open, and the notifications.
import { createStore } from 'zustand/vanilla';
import type { ToastItem } from '../ui/toast';

export const PLACES = ['transfers', 'send', 'receive', 'history', 'settings', 'account'] as const;
export type Place = (typeof PLACES)[number];

export interface UiState {
  place: Place;
  /** How many times the place changed since the window opened. */
  moves: number;
  expanded: Record<string, true>;
  toasts: ToastItem[];
  go: (place: Place) => void;
  toggleExpanded: (id: string) => void;
  toast: (text: string, tone?: ToastItem['tone']) => void;
  dismissToast: (id: number) => void;
}

/** More would cover the queue; the oldest go first. */
const MAX_TOASTS = 3;
let nextToast = 1;

export function createUiStore(initial: Place = 'transfers') {
  return createStore<UiState>()((set) => ({
    place: initial,
    moves: 0,
    expanded: {},
    toasts: [],
    go: (place) => set((s) => (s.place === place ? s : { place, moves: s.moves + 1 })),
    toggleExpanded: (id) =>
      set((s) => {
        if (s.expanded[id]) {
          const { [id]: _closed, ...rest } = s.expanded;
          return { expanded: rest };
        }
        return { expanded: { ...s.expanded, [id]: true } };
      }),
    toast: (text, tone = 'success') =>
      set((s) => ({ toasts: [...s.toasts, { id: nextToast++, text, tone }].slice(-MAX_TOASTS) })),
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  }));
}

export type UiStore = ReturnType<typeof createUiStore>;
