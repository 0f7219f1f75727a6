// The account place: the sign-in form when signed out; when signed in, who it is, the server,
// where the credential is kept, the team uploads go to, and sign-out.
import { KeyRound, LogOut, Server, ShieldCheck, TriangleExclamationPoint } from 'lucide-react';
import { useState } from 'react';
import { useStore } from 'zustand';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { PlaceHeader } from '../../ui/place-header';
import { accountLines, initialsOf, serverName } from './account-words';
import { SignInForm } from './sign-in-form';
import { useSignOut } from './use-sign-out';

export function AccountView() {
  const { account, api, ui } = useServices();
  const a = useStore(account, (s) => s.account);
  const signOut = useSignOut();
  const [again, setAgain] = useState(false);
  const [teamError, setTeamError] = useState<string | null>(null);

  if (a === null) return <PlaceHeader title="Account" />;
  if (a.state === 'signed-out' || again) {
    return (
      <>
        <PlaceHeader title="Account" />
        <div className="place-body place-center">
          <SignInForm
            serverUrl={a.serverUrl}
            onDone={() => {
              setAgain(false);
              ui.getState().toast('Signed in.', 'success');
              ui.getState().go('transfers');
            }}
          />
        </div>
      </>
    );
  }

  const lines = accountLines(a);
  const setTeam = (teamId: string) => {
    setTeamError(null);
    api.invoke('account:set-team', { teamId }).catch((e: unknown) => setTeamError(messageOf(e)));
  };

  return (
    <>
      <PlaceHeader
        title="Account"
        actions={
          <Button icon={LogOut} onClick={signOut.request}>
            Sign out
          </Button>
        }
      />
      <div className="place-body place-narrow">
        {a.problem && (
          <div className="notice notice-failed" role="alert">
            <TriangleExclamationPoint size={16} aria-hidden="true" />
            <p>{a.problem}</p>
            <Button size="sm" variant="primary" onClick={() => setAgain(true)}>
              Sign in again
            </Button>
          </div>
        )}
        <section className="card" aria-label="Signed in">
          <div className="account-card">
            <span className="avatar avatar-lg" aria-hidden="true">
              {initialsOf(a)}
            </span>
            <div>
              <p className="account-card-who selectable">{lines.who}</p>
              <p className="muted">
                {a.method === 'api-key'
                  ? 'Signed in with an API key'
                  : 'Signed in with e-mail and password'}
              </p>
            </div>
          </div>
          <dl className="facts facts-divided">
            <dt>
              <Server size={14} aria-hidden="true" /> Server
            </dt>
            <dd className="selectable">
              {serverName(a.serverUrl, a.production)}
              {!a.production && <span className="muted"> · not MASV production</span>}
            </dd>
            <dt>
              <ShieldCheck size={14} aria-hidden="true" /> Kept in
            </dt>
            <dd>
              {a.secretBackend === 'keychain' ? 'The system keychain' : 'A file only you can read'}
            </dd>
            <dt>
              <KeyRound size={14} aria-hidden="true" /> Sign-in
            </dt>
            <dd>{a.method === 'api-key' ? 'API key' : 'User token (the password is not kept)'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="teams-title">
          <h2 id="teams-title" className="card-title">
            Team
          </h2>
          <p className="card-lead muted">Team packages you send go to this team.</p>
          {a.teams.length === 0 ? (
            <p>This account is not in any team.</p>
          ) : (
            <div role="radiogroup" aria-labelledby="teams-title" className="team-list">
              {a.teams.map((t) => (
                <label key={t.id} className="team-option">
                  <input
                    type="radio"
                    name="team"
                    checked={a.teamId === t.id}
                    onChange={() => setTeam(t.id)}
                  />
                  <span>{t.name}</span>
                </label>
              ))}
            </div>
          )}
          {teamError && (
            <p className="form-error" role="alert">
              {teamError}
            </p>
          )}
        </section>
      </div>
      {signOut.dialog}
    </>
  );
}
