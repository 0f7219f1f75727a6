// Links main opened on the user's behalf (deep links, argv, a second instance) arrive as a push
// once the renderer is ready, or are returned by `app:ready` when they came before. Either way
// they only prefill the download view: starting the download stays the user's click.
import { useEffect, useState } from 'react';
import type { AppApi } from '../../api/bridge';
import type { LinkAction } from '../../../shared/ipc/contract';

/** More than this many unanswered offers means something is flooding us; keep the newest. */
const MAX_OFFERS = 16;

export function useOfferedLinks(api: AppApi): {
  offers: LinkAction[];
  dismiss: (token: string) => void;
} {
  const [offers, setOffers] = useState<LinkAction[]>([]);

  useEffect(() => {
    const add = (actions: readonly LinkAction[]) =>
      setOffers((prev) => {
        const known = new Set(prev.map((a) => a.token));
        return [...prev, ...actions.filter((a) => !known.has(a.token))].slice(-MAX_OFFERS);
      });
    // Subscribe first, then say ready: a link arriving in between is pushed, not lost.
    const off = api.on('links:link-opened', (action) => add([action]));
    // Not cancelled on cleanup: StrictMode re-runs this effect, and main hands the held links
    // over only once, so the first answer must still land.
    api.invoke('app:ready').then(
      ({ pendingLinks }) => add(pendingLinks),
      () => undefined,
    );
    return off;
  }, [api]);

  return { offers, dismiss: (token) => setOffers((prev) => prev.filter((a) => a.token !== token)) };
}
