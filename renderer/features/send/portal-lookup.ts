// Portal addresses as people paste them ("demo", "demo.portal.massive.app", a full URL) turned
// into the subdomain, and a debounced lookup in main that names the portal and says whether it
// needs an access code.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { PortalInfo } from '../../../shared/ipc/contract';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';

const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function subdomainOf(text: string): string {
  const t = text.trim().toLowerCase();
  const m = /^(?:https?:\/\/)?([a-z0-9-]+)\.portal\.massive\.(?:app|io)\/?$/.exec(t);
  return m ? m[1]! : t;
}

export function isSubdomain(text: string): boolean {
  return SUBDOMAIN.test(text);
}

export type Lookup =
  | { state: 'idle' }
  | { state: 'looking' }
  | { state: 'found'; portal: PortalInfo }
  | { state: 'failed'; message: string };

const DEBOUNCE_MS = 350;

/** Looks the portal up once typing pauses; the result lands in the draft (kept across places). */
export function usePortalLookup(text: string): Lookup {
  const { api, draft } = useServices();
  const subdomain = subdomainOf(text);
  const known = useStore(draft, (s) => s.portal);
  const [answer, setAnswer] = useState<{ subdomain: string; message: string } | null>(null);
  const cached = known !== null && known.subdomain === subdomain;
  const valid = isSubdomain(subdomain);

  useEffect(() => {
    if (cached || !valid) return;
    let live = true;
    const timer = window.setTimeout(() => {
      api.invoke('portals:lookup', { subdomain }).then(
        (portal) => live && draft.getState().set({ portal }),
        (e: unknown) => live && setAnswer({ subdomain, message: messageOf(e) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [api, draft, subdomain, cached, valid]);

  if (subdomain === '') return { state: 'idle' };
  if (!valid)
    return { state: 'failed', message: 'A portal address is letters, digits and dashes.' };
  if (cached) return { state: 'found', portal: known };
  if (answer?.subdomain === subdomain) return { state: 'failed', message: answer.message };
  return { state: 'looking' };
}
