// Where the package goes: a team package (team, name, message, recipients as checked e-mail
// chips, an optional password) or someone's portal (its address is looked up and named, with
// an access code field when the portal needs one; the sender's e-mail; a message).
import { CircleCheck, CircleExclamationPoint, FolderOpen, Lock } from 'lucide-react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { Checkbox } from '../../ui/checkbox';
import { EmailChips } from '../../ui/chips';
import { Segmented } from '../../ui/segmented';
import { TextField } from '../../ui/text-field';
import type { Lookup } from './portal-lookup';
import type { FieldErrors } from './send-validation';

interface Props {
  errors: FieldErrors;
  lookup: Lookup;
}

export function DestinationForm({ errors, lookup }: Props) {
  const { draft, account, ui } = useServices();
  const d = useStore(
    draft,
    useShallow((s) => ({ ...s })),
  );
  const a = useStore(account, (s) => s.account);
  const signedIn = a?.state === 'signed-in';

  return (
    <section className="card destination" aria-labelledby="destination-title">
      <div className="card-head">
        <h2 id="destination-title" className="card-title">
          Send to
        </h2>
      </div>
      <Segmented
        label="Send to"
        value={d.kind}
        onChange={(kind) => d.set({ kind })}
        options={[
          { value: 'team', label: 'Team package' },
          { value: 'portal', label: 'Portal' },
        ]}
      />
      {d.kind === 'team' ? (
        !signedIn ? (
          <div className="notice notice-info">
            <p>Sign in to send a package from your team.</p>
            <Button size="sm" variant="primary" onClick={() => ui.getState().go('account')}>
              Sign in
            </Button>
          </div>
        ) : (
          <>
            <TeamLine />
            <PackageFields errors={errors} />
            <EmailChips
              label="Recipients"
              optional
              chips={d.recipients}
              onChange={(recipients) => d.set({ recipients })}
              placeholder="name@example.com"
              hint="They get an e-mail with the download link. Without recipients, copy the link when it is sent."
            />
            <Checkbox
              checked={d.usePassword}
              onChange={(usePassword) =>
                d.set({ usePassword, password: usePassword ? d.password : '' })
              }
            >
              <Lock size={13} aria-hidden="true" /> Protect the download with a password
            </Checkbox>
            {d.usePassword && (
              <TextField
                label="Download password"
                type="password"
                autoComplete="new-password"
                value={d.password}
                onChange={(e) => d.set({ password: e.target.value })}
                error={errors.password}
                className="field-indent"
              />
            )}
            <Checkbox checked={d.keepOpen} onChange={(keepOpen) => d.set({ keepOpen })}>
              <FolderOpen size={13} aria-hidden="true" /> Keep the package open to add more files
              later
            </Checkbox>
            {d.keepOpen && (
              <p className="field-hint field-indent">
                Recipients get the link when you finalize it from Transfers.
              </p>
            )}
          </>
        )
      ) : (
        <>
          <TextField
            label="Portal address"
            spellCheck={false}
            autoComplete="off"
            value={d.subdomain}
            onChange={(e) => d.set({ subdomain: e.target.value })}
            placeholder="studio"
            suffix=".portal.massive.app"
            error={errors.portal ?? (lookup.state === 'failed' ? lookup.message : null)}
          />
          <PortalFound lookup={lookup} />
          {lookup.state === 'found' && lookup.portal.hasAccessCode && (
            <TextField
              label="Access code"
              type="password"
              autoComplete="off"
              value={d.accessCode}
              onChange={(e) => d.set({ accessCode: e.target.value })}
              error={errors.accessCode}
              hint="This portal asks for a code. The portal's owner gives it out."
            />
          )}
          <TextField
            label="Your e-mail"
            type="email"
            autoComplete="email"
            value={d.senderEmail}
            onChange={(e) => d.set({ senderEmail: e.target.value })}
            error={errors.senderEmail}
          />
          <PackageFields errors={errors} />
        </>
      )}
    </section>
  );
}

function PackageFields({ errors }: { errors: FieldErrors }) {
  const { draft } = useServices();
  const name = useStore(draft, (s) => s.name);
  const message = useStore(draft, (s) => s.message);
  const set = useStore(draft, (s) => s.set);
  return (
    <>
      <TextField
        label="Package name"
        value={name}
        onChange={(e) => set({ name: e.target.value, nameTouched: true })}
        error={errors.name}
        maxLength={255}
      />
      <TextField
        label="Message"
        optional
        multiline
        rows={3}
        value={message}
        onChange={(e) => set({ message: e.target.value })}
        maxLength={5000}
      />
    </>
  );
}

function TeamLine() {
  const { account, ui } = useServices();
  const a = useStore(account, (s) => s.account);
  if (a?.state !== 'signed-in') return null;
  const team = a.teams.find((t) => t.id === a.teamId);
  return (
    <div className="team-line">
      <span className="muted">From team</span>
      <strong>{team?.name ?? 'no team'}</strong>
      {a.teams.length > 1 && (
        <Button size="sm" variant="ghost" onClick={() => ui.getState().go('account')}>
          Change
        </Button>
      )}
    </div>
  );
}

function PortalFound({ lookup }: { lookup: Lookup }) {
  if (lookup.state === 'looking')
    return (
      <p className="portal-status muted" role="status">
        <span className="spinner" aria-hidden="true" /> Looking up the portal…
      </p>
    );
  if (lookup.state !== 'found') return null;
  const p = lookup.portal;
  return (
    <div className="portal-found" role="status">
      <CircleCheck size={16} aria-hidden="true" className="portal-found-icon" />
      <div>
        <p className="portal-name">{p.name}</p>
        {p.message && <p className="muted">{p.message}</p>}
        <p className={p.hasAccessCode ? 'portal-code' : 'muted'}>
          {p.hasAccessCode ? (
            <>
              <CircleExclamationPoint size={13} aria-hidden="true" /> Needs an access code
            </>
          ) : (
            'No access code needed'
          )}
        </p>
      </div>
    </div>
  );
}
