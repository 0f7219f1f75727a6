// Everything the window's components share: the typed bridge and the stores, created once in
// main.tsx (component tests create their own around a fake bridge) and handed down by context.
import { createContext, useContext, type ReactNode } from 'react';
import type { AppApi } from './api/bridge';
import { createAccountStore, type AccountStore } from './stores/account-store';
import { createLinksStore, type LinksStore } from './stores/links-store';
import { createSendDraftStore, type SendDraftStore } from './stores/send-draft-store';
import { createStagingStore, type StagingStore } from './stores/staging-store';
import { createTransfersStore, type TransfersStore } from './stores/transfers-store';
import { createUiStore, type Place, type UiStore } from './stores/ui-store';

export interface Services {
  api: AppApi;
  transfers: TransfersStore;
  account: AccountStore;
  staging: StagingStore;
  draft: SendDraftStore;
  links: LinksStore;
  ui: UiStore;
}

export function createServices(api: AppApi, place?: Place): Services {
  return {
    api,
    transfers: createTransfersStore(),
    account: createAccountStore(),
    staging: createStagingStore(),
    draft: createSendDraftStore(),
    links: createLinksStore(),
    ui: createUiStore(place),
  };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({
  services,
  children,
}: {
  services: Services;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
