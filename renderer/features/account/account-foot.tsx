// The foot of the sidebar: who is signed in and to which team, with sign-out at hand; or a
// way to sign in.
import { LogIn, LogOut } from 'lucide-react';
import { useStore } from 'zustand';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { IconButton } from '../../ui/icon-button';
import { accountLines, initialsOf } from './account-words';
import { useSignOut } from './use-sign-out';

export function AccountFoot() {
  const { account, ui } = useServices();
  const a = useStore(account, (s) => s.account);
  const go = useStore(ui, (s) => s.go);
  const onAccount = useStore(ui, (s) => s.place === 'account');
  const signOut = useSignOut();

  if (a === null) return <div className="account-foot" />;
  if (a.state === 'signed-out') {
    return (
      <div className="account-foot">
        <div className="account-who">
          <span className="avatar avatar-empty" aria-hidden="true" />
          <span className="account-lines">
            <span className="account-name">Not signed in</span>
            <span className="account-team">Sign in to send to your team</span>
          </span>
        </div>
        {!onAccount && (
          <Button size="sm" icon={LogIn} onClick={() => go('account')} className="account-signin">
            Sign in
          </Button>
        )}
      </div>
    );
  }
  const lines = accountLines(a);
  return (
    <div className="account-foot">
      <button
        type="button"
        className="account-who account-button"
        onClick={() => go('account')}
        aria-label={`Account: ${lines.who}, ${lines.where}`}
      >
        <span className={`avatar${a.problem ? ' avatar-problem' : ''}`} aria-hidden="true">
          {initialsOf(a)}
        </span>
        <span className="account-lines">
          <span className="account-name">{lines.who}</span>
          <span className={`account-team${a.problem ? ' is-problem' : ''}`}>{lines.where}</span>
        </span>
      </button>
      <IconButton label="Sign out" icon={LogOut} onClick={signOut.request} />
      {signOut.dialog}
    </div>
  );
}
