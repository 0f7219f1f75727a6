// Receive's state: the link being checked (typed, pasted anywhere in the window, or opened from
// outside the app) and main's answer. Links main opened on the user's behalf (deep links, argv,
// a second instance) are offers: they only prefill Receive; starting stays the user's click.
import { createStore } from 'zustand/vanilla';
import type { LinkAction } from '../../shared/ipc/contract';

/** More than this many unanswered offers means something is flooding us; keep the newest. */
const MAX_OFFERS = 16;

export interface LinkCheck {
  text: string;
  /** Main's preview of the link the user typed or pasted (the secret stays in main). */
  checked: LinkAction | null;
  error: string | null;
  busy: 'idle' | 'checking' | 'starting';
}

export interface LinksState extends LinkCheck {
  offers: LinkAction[];
  set: (patch: Partial<LinkCheck>) => void;
  offer: (actions: readonly LinkAction[]) => void;
  dismiss: (token: string) => void;
}

export function createLinksStore() {
  return createStore<LinksState>()((set) => ({
    text: '',
    checked: null,
    error: null,
    busy: 'idle',
    offers: [],
    set: (patch) => set(patch),
    offer: (actions) =>
      set((s) => {
        const known = new Set(s.offers.map((a) => a.token));
        const fresh = actions.filter((a) => !known.has(a.token));
        return fresh.length === 0 ? s : { offers: [...s.offers, ...fresh].slice(-MAX_OFFERS) };
      }),
    dismiss: (token) => set((s) => ({ offers: s.offers.filter((a) => a.token !== token) })),
  }));
}

export type LinksStore = ReturnType<typeof createLinksStore>;
