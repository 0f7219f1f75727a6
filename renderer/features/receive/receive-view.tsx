// Receive: paste a link, main parses it (the secret stays there) and answers with a preview and
// an opaque token; the Download click is the user's confirmation. Links opened from outside
// the app (deep links) and links pasted anywhere in the window prefill the same form and wait
// for that click too.
import { useRef, useState, type FormEvent } from 'react';
import { Download, Link2 } from 'lucide-react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { LinkAction } from '../../../shared/ipc/contract';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { PlaceHeader } from '../../ui/place-header';
import { TextField } from '../../ui/text-field';
import { checkLink } from './check-link';
import { PackagePanel, type Choice } from './package-panel';

export function ReceiveView() {
  const services = useServices();
  const { api, links, ui, account } = services;
  const { text, checked, error, busy, offers } = useStore(
    links,
    useShallow((s) => ({
      text: s.text,
      checked: s.checked,
      error: s.error,
      busy: s.busy,
      offers: s.offers,
    })),
  );
  const folder = useStore(account, (s) => s.settings?.downloadFolder);
  const [password, setPassword] = useState('');
  // What the package panel has chosen (files, a zip, the folder, the clash rule).
  const chosen = useRef<Choice | 'nothing' | null>(null);

  const offered = checked ? undefined : offers[0];
  const current = checked ?? offered ?? null;
  const set = links.getState().set;

  async function download(event: FormEvent, link: LinkAction) {
    event.preventDefault();
    if (chosen.current === 'nothing') {
      set({ error: 'Tick at least one file to download.' });
      return;
    }
    set({ busy: 'starting', error: null });
    try {
      await api.invoke('downloads:start', {
        token: link.token,
        ...chosen.current,
        ...(password === '' ? {} : { password }),
      });
      if (offered) links.getState().dismiss(link.token);
      set({ checked: null, text: '', busy: 'idle' });
      setPassword('');
      ui.getState().toast(`Download of link ${link.preview.linkId} started.`, 'success');
      ui.getState().go('transfers');
    } catch (e) {
      set({ error: messageOf(e), busy: 'idle' });
    }
  }

  return (
    <>
      <PlaceHeader title="Receive" subtitle="Download a package someone sent you." />
      <div className="place-body place-narrow">
        <form
          className="card link-card"
          aria-label="Check a link"
          onSubmit={(e) => (e.preventDefault(), void checkLink(services, text))}
        >
          <TextField
            label="MASV link"
            id="link-field"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://get.massive.app/…"
            value={text}
            onChange={(e) => set({ text: e.target.value })}
            error={current ? null : error}
            trailing={
              <Button
                type="submit"
                busy={busy === 'checking'}
                disabled={busy !== 'idle' || text.trim() === ''}
              >
                Check link
              </Button>
            }
            hint="Paste a link from a MASV e-mail. Nothing downloads until you say so."
          />
        </form>
        {current && (
          <form
            className="card link-preview"
            aria-label="Link to download"
            onSubmit={(e) => void download(e, current)}
          >
            {offered && (
              <p className="notice notice-info">
                A link was opened from outside the app. Check it before downloading.
              </p>
            )}
            <div className="link-summary">
              <span className="link-icon" aria-hidden="true">
                <Link2 size={18} />
              </span>
              <dl className="facts facts-compact">
                <dt>Link id</dt>
                <dd className="mono selectable">{current.preview.linkId}</dd>
                <dt>Host</dt>
                <dd className="selectable">
                  {current.preview.host}
                  {current.preview.production ? '' : ' (a configured server, not MASV production)'}
                </dd>
                {folder && (
                  <>
                    <dt>Saves to</dt>
                    <dd className="selectable">{folder}</dd>
                  </>
                )}
              </dl>
            </div>
            <TextField
              label="Link password (if it has one)"
              type="password"
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className="field-narrow"
            />
            <PackagePanel
              key={current.token}
              token={current.token}
              password={password}
              choice={(c) => void (chosen.current = c)}
            />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <div className="form-actions">
              {offered && (
                <Button onClick={() => links.getState().dismiss(offered.token)}>Dismiss</Button>
              )}
              <Button
                type="submit"
                variant="primary"
                icon={Download}
                busy={busy === 'starting'}
                disabled={busy !== 'idle'}
              >
                Download
              </Button>
            </div>
          </form>
        )}
      </div>
    </>
  );
}
