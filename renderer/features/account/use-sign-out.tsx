// Signing out removes the keychain entry and pauses team uploads until the next sign-in. With
// uploads running, the user confirms first and is told exactly what pauses; otherwise it is
// immediate (nothing is lost).
import { useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { aggregate } from '../../stores/selectors';
import { ConfirmDialog } from '../../ui/dialog';
import { plural } from '../../ui/format';

export function useSignOut(): { request: () => void; dialog: ReactNode } {
  const { api, transfers, ui } = useServices();
  const uploads = useStore(transfers, (s) => aggregate(s).activeUploads);
  const [asking, setAsking] = useState(false);

  const signOut = async () => {
    try {
      await api.invoke('account:sign-out');
      ui.getState().toast('Signed out. The sign-in was removed from the keychain.', 'info');
      ui.getState().go('account');
    } catch (e) {
      ui.getState().toast(messageOf(e), 'error');
    } finally {
      setAsking(false);
    }
  };

  return {
    request: () => (uploads > 0 ? setAsking(true) : void signOut()),
    dialog: asking ? (
      <ConfirmDialog
        title="Sign out while uploads run?"
        confirmLabel="Sign out"
        cancelLabel="Stay signed in"
        onConfirm={signOut}
        onCancel={() => setAsking(false)}
      >
        <p>
          {plural(uploads, 'upload')} will pause and wait until you sign in again. Nothing already
          sent is lost. Downloads carry on.
        </p>
      </ConfirmDialog>
    ) : null,
  };
}
