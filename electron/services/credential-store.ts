// Credentials live in the OS keychain only (macOS Keychain, Windows Credential Vault, the
// Secret Service on Linux) through keytar. Nothing here writes to disk or logs; callers get
// secrets back only from `get`, and `list` returns metadata without secrets.

/** The subset of keytar this store uses; tests and the Electron app may pass their own. */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type CredentialKind = 'api-key' | 'user-token';

export type StoredCredential =
  | { kind: 'api-key'; serverUrl: string; apiKey: string }
  | { kind: 'user-token'; serverUrl: string; email: string; userToken: string };

/** What `list` reveals: enough to show "logged in as …", never the secret. */
export interface CredentialEntry {
  kind: CredentialKind;
  serverUrl: string;
  email?: string;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'MASV Desktop';

/** Raised when the keychain itself cannot be reached (no Secret Service, locked, missing module). */
export class KeychainUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the OS keychain is not available (${reason})`);
    this.name = 'KeychainUnavailableError';
  }
}

/**
 * One server URL has at most one credential of each kind. Accounts are
 * `api-key|<server>` and `user-token|<server>|<email>`; the email goes last so
 * any character in it survives the split.
 */
export class CredentialStore {
  private readonly service: string;

  constructor(
    private readonly backend: KeychainBackend,
    options: { service?: string } = {},
  ) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  }

  /** The stored credential for a server; an API key wins over a user token (keys do not expire). */
  async get(serverUrl: string): Promise<StoredCredential | null> {
    const server = normalizeServerUrl(serverUrl);
    const apiKey = await this.call(() =>
      this.backend.getPassword(this.service, accountFor('api-key', server)),
    );
    if (apiKey !== null) return { kind: 'api-key', serverUrl: server, apiKey };
    const entries = await this.entries();
    const token = entries.find(
      (e) => e.entry.kind === 'user-token' && e.entry.serverUrl === server,
    );
    if (token === undefined || token.entry.email === undefined) return null;
    return {
      kind: 'user-token',
      serverUrl: server,
      email: token.entry.email,
      userToken: token.password,
    };
  }

  /** Stores a credential, replacing every other credential for the same server. */
  async set(credential: StoredCredential): Promise<void> {
    const server = normalizeServerUrl(credential.serverUrl);
    await this.delete(server);
    if (credential.kind === 'api-key') {
      await this.call(() =>
        this.backend.setPassword(this.service, accountFor('api-key', server), credential.apiKey),
      );
    } else {
      const account = accountFor('user-token', server, credential.email);
      await this.call(() => this.backend.setPassword(this.service, account, credential.userToken));
    }
  }

  /** Removes every credential for a server; true when something was removed. */
  async delete(serverUrl: string): Promise<boolean> {
    const server = normalizeServerUrl(serverUrl);
    let removed = false;
    for (const { account, entry } of await this.entries()) {
      if (entry.serverUrl !== server) continue;
      removed =
        (await this.call(() => this.backend.deletePassword(this.service, account))) || removed;
    }
    return removed;
  }

  async list(): Promise<CredentialEntry[]> {
    return (await this.entries()).map((e) => e.entry);
  }

  private async entries(): Promise<
    Array<{ account: string; password: string; entry: CredentialEntry }>
  > {
    const found = await this.call(() => this.backend.findCredentials(this.service));
    const out: Array<{ account: string; password: string; entry: CredentialEntry }> = [];
    for (const { account, password } of found) {
      const entry = parseAccount(account);
      if (entry !== null) out.push({ account, password, entry });
    }
    return out;
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      // keytar's errors describe D-Bus/keychain state, never the secret itself.
      throw new KeychainUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }
}

/** Scheme + host + port + path without a trailing slash, so `https://x/` and `https://x` match. */
export function normalizeServerUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  // '|' separates account fields; WHATWG URLs leave it unencoded in paths, so encode it here.
  const path = url.pathname.replace(/\/+$/, '').replaceAll('|', '%7C');
  return `${url.protocol}//${url.host}${path}`;
}

function accountFor(kind: CredentialKind, server: string, email?: string): string {
  return kind === 'api-key' ? `api-key|${server}` : `user-token|${server}|${email ?? ''}`;
}

function parseAccount(account: string): CredentialEntry | null {
  const first = account.indexOf('|');
  if (first < 0) return null;
  const kind = account.slice(0, first);
  const rest = account.slice(first + 1);
  if (kind === 'api-key') return { kind, serverUrl: rest };
  if (kind !== 'user-token') return null;
  // Normalised server URLs never contain '|' (see normalizeServerUrl).
  const second = rest.indexOf('|');
  if (second < 0) return null;
  return { kind, serverUrl: rest.slice(0, second), email: rest.slice(second + 1) };
}

/** Loads keytar lazily so commands that need no keychain (help, version) work without one. */
export async function loadKeytar(): Promise<KeychainBackend> {
  try {
    const mod = (await import('keytar')) as KeychainBackend & { default?: KeychainBackend };
    return mod.default ?? mod;
  } catch (err) {
    throw new KeychainUnavailableError(err instanceof Error ? err.message : String(err));
  }
}

/** A backend that loads the real one on first use, so building the stores touches nothing. */
export function lazyKeychain(load: () => Promise<KeychainBackend>): KeychainBackend {
  let loading: Promise<KeychainBackend> | undefined;
  // A failed load is not kept: the keychain may be started or unlocked later.
  const get = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return {
    getPassword: async (s, a) => (await get()).getPassword(s, a),
    setPassword: async (s, a, p) => (await get()).setPassword(s, a, p),
    deletePassword: async (s, a) => (await get()).deletePassword(s, a),
    findCredentials: async (s) => (await get()).findCredentials(s),
  };
}
