// Connects the stores to main: subscribe to every push first, then fetch the snapshots, so
// nothing that changes in between is lost (the transfers store drops stale sequence numbers).
// Called once per window, outside React, so StrictMode's double effects cannot say "ready" twice
// (main hands held links over only once).
import type { SettingsSnapshot } from '../../shared/ipc/contract';
import type { Services } from '../services';
export function connect(s: Services): () => void {
  const { api } = s;
  const offs = [
    api.on('transfers:transfer-changed', (e) => s.transfers.getState().apply(e)),
    api.on('transfers:transfer-removed', ({ id }) => s.transfers.getState().remove(id)),
    api.on('account:account-changed', (a) => s.account.getState().setAccount(a)),
    api.on('staging:staging-changed', (snap) => s.staging.getState().setSnapshot(snap)),
    api.on('settings:settings-changed', (settings) => applySettings(s, settings)),
    api.on('app:show-transfer', ({ id }) => {
      // A notification was clicked: show that transfer, opened.
      s.ui.getState().go('transfers');
      if (!s.ui.getState().expanded[id]) s.ui.getState().toggleExpanded(id);
    }),
    api.on('links:link-opened', (action) => {
      s.links.getState().offer([action]);
      s.ui.getState().go('receive');
    }),
  ];
  const unreachable = () => s.account.getState().setConnection('unreachable');

  api.invoke('account:get').then((account) => {
    s.account.getState().setAccount(account);
    // A first start, or a sign-out elsewhere: signing in is the next thing to do.
    if (account.state === 'signed-out' && s.ui.getState().place === 'transfers')
      s.ui.getState().go('account');
  }, unreachable);
  api.invoke('transfers:list').then((list) => s.transfers.getState().replaceAll(list), unreachable);
  api.invoke('staging:get').then((snap) => s.staging.getState().setSnapshot(snap), ignore);
  api.invoke('settings:get').then((v) => applySettings(s, v), ignore);
  api.invoke('app:ready').then(({ pendingLinks }) => {
    if (pendingLinks.length === 0) return;
    s.links.getState().offer(pendingLinks);
    s.ui.getState().go('receive');
  }, ignore);

  return () => offs.forEach((off) => off());
}

/** The theme setting wins over the system's choice (the tokens read data-theme). */
export function applySettings(s: Services, settings: SettingsSnapshot): void {
  s.account.getState().setSettings(settings);
  const theme = settings.values.theme;
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** The account call already reports an unreachable app; the others have nothing to add. */
const ignore = () => undefined;
