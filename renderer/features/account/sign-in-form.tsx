// Sign in with an API key, or an e-mail and password (main keeps the user token in the
// keychain and never the password), with an advanced server field for the local MASV service
// or a custom endpoint. Each failure gets main's own sentence (wrong key, wrong password,
// server unreachable, certificate not trusted).
import { useId, useState, type FormEvent } from 'react';
import { ChevronDown, ChevronRight, LogIn } from 'lucide-react';
import type { SignInInput } from '../../../shared/ipc/contract';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { Segmented } from '../../ui/segmented';
import { TextField } from '../../ui/text-field';

type Method = SignInInput['method'];

export function SignInForm({ serverUrl, onDone }: { serverUrl: string; onDone: () => void }) {
  const { api } = useServices();
  const ids = useId();
  const [method, setMethod] = useState<Method>('api-key');
  const [apiKey, setApiKey] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [server, setServer] = useState(serverUrl);
  const [advanced, setAdvanced] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ready =
    method === 'api-key' ? apiKey.trim() !== '' : email.trim() !== '' && password !== '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    const serverUrl = server.trim() === '' ? undefined : server.trim();
    try {
      await api.invoke(
        'account:sign-in',
        method === 'api-key'
          ? { method, apiKey: apiKey.trim(), serverUrl }
          : { method, email: email.trim(), password, serverUrl },
      );
      setApiKey('');
      setPassword('');
      onDone();
    } catch (err) {
      setError(messageOf(err));
      // The secret stays in the field so a typo can be fixed; the password is re-typed.
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="signin" aria-labelledby={`${ids}-title`} onSubmit={(e) => void submit(e)}>
      <h2 id={`${ids}-title`} className="signin-title">
        Sign in to MASV
      </h2>
      <p className="signin-lead">
        Your sign-in is kept in the system keychain. The app never stores your password.
      </p>
      <Segmented
        label="Sign in with"
        value={method}
        onChange={(m) => (setMethod(m), setError(null))}
        options={[
          { value: 'api-key', label: 'API key' },
          { value: 'password', label: 'E-mail and password' },
        ]}
      />
      {method === 'api-key' ? (
        <TextField
          label="API key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          hint="Create one in MASV under Settings → API keys."
        />
      ) : (
        <>
          <TextField
            label="E-mail"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </>
      )}
      <button
        type="button"
        className="disclosure"
        aria-expanded={advanced}
        aria-controls={`${ids}-advanced`}
        onClick={() => setAdvanced(!advanced)}
      >
        {advanced ? (
          <ChevronDown size={14} aria-hidden="true" />
        ) : (
          <ChevronRight size={14} aria-hidden="true" />
        )}
        Advanced
      </button>
      {advanced && (
        <div id={`${ids}-advanced`}>
          <TextField
            label="Server"
            type="url"
            inputMode="url"
            spellCheck={false}
            value={server}
            onChange={(e) => setServer(e.target.value)}
            hint="MASV is https://api.massive.app. Use another address for the local MASV service or a custom endpoint."
          />
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Button
        type="submit"
        variant="primary"
        icon={LogIn}
        busy={busy}
        disabled={!ready}
        className="signin-submit"
      >
        Sign in
      </Button>
    </form>
  );
}
