// "Download a link": paste a link, main parses it (the secret stays there) and answers with a
// preview and an opaque token; the Download click is the user's confirmation. Links opened from
// outside the app prefill the same form and wait for that click too.
import { useId, useState, type FormEvent } from 'react';
import { BridgeError, type AppApi } from '../../api/bridge';
import type { LinkAction } from '../../../shared/ipc/contract';
import { useOfferedLinks } from './use-offered-links';

type Busy = 'idle' | 'checking' | 'starting';

function messageOf(error: unknown): string {
  // Main words its errors for users; anything else means the call itself did not get through.
  return error instanceof BridgeError ? error.message : 'The app did not answer. Try again.';
}

export function LinksView({ api }: { api: AppApi }) {
  const ids = useId();
  const { offers, dismiss } = useOfferedLinks(api);
  const [text, setText] = useState('');
  const [password, setPassword] = useState('');
  const [checked, setChecked] = useState<LinkAction | null>(null);
  const [busy, setBusy] = useState<Busy>('idle');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const offered = checked ? undefined : offers[0];
  const current = checked ?? offered ?? null;

  async function check(event: FormEvent) {
    event.preventDefault();
    setBusy('checking');
    setError(null);
    setStatus('');
    try {
      setChecked(await api.invoke('links:parse', { text }));
    } catch (e) {
      setChecked(null);
      setError(messageOf(e));
    } finally {
      setBusy('idle');
    }
  }

  async function download(event: FormEvent, link: LinkAction) {
    event.preventDefault();
    setBusy('starting');
    setError(null);
    try {
      await api.invoke('downloads:start', {
        token: link.token,
        ...(password === '' ? {} : { password }),
      });
      setStatus(`Download of link ${link.preview.linkId} started.`);
      if (offered) dismiss(link.token);
      setChecked(null);
      setText('');
      setPassword('');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy('idle');
    }
  }

  return (
    <section className="links" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Download a link</h2>
      <form onSubmit={(e) => void check(e)}>
        <label htmlFor={`${ids}-link`}>MASV link</label>{' '}
        <input
          id={`${ids}-link`}
          type="text"
          inputMode="url"
          size={60}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://get.massive.app/…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={error ? `${ids}-error` : undefined}
        />{' '}
        <button type="submit" disabled={busy !== 'idle'}>
          Check link
        </button>
      </form>
      {current && (
        <form aria-label="Link to download" onSubmit={(e) => void download(e, current)}>
          {offered && <p>A link was opened from outside the app. Check it before downloading.</p>}
          <dl className="link-preview">
            <dt>Link id</dt>
            <dd>{current.preview.linkId}</dd>
            <dt>Host</dt>
            <dd>
              {current.preview.host}
              {current.preview.production ? '' : ' (a configured server, not MASV production)'}
            </dd>
          </dl>
          <label htmlFor={`${ids}-password`}>Link password (if it has one)</label>{' '}
          <input
            id={`${ids}-password`}
            type="password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />{' '}
          <button type="submit" disabled={busy !== 'idle'}>
            Download
          </button>{' '}
          {offered && (
            <button type="button" onClick={() => dismiss(offered.token)}>
              Dismiss
            </button>
          )}
        </form>
      )}
      {error && (
        <p id={`${ids}-error`} className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status">{status}</p>
    </section>
  );
}
