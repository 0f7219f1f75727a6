// Sign-in, sign-out and the team uploads go to, for the window (and, through the same
// credential store and settings, the CLI). A credential is checked with the server before
// anything is kept; it goes to the keychain, the server and team to settings, and the engine's
// client picks it up at once. Nothing here ever hands a key, token or password back out.
import type {
  AccountSnapshot,
  SecretBackend,
  SignInInput,
  TeamSummary,
} from '../../shared/schemas/account';
import { PRODUCTION_API_URL } from '../../shared/links';
import type { Credentials, MasvClient, Team } from '../masv/client';
import { isMasvError } from '../masv/errors';
import type { Logger } from '../engine/deps';
import { IpcError } from '../ipc/handler-registry';
import {
  normalizeServerUrl,
  type CredentialStore,
  type StoredCredential,
} from '../services/credential-store';
import type { SettingsStore } from '../services/settings';
import type { EngineSession } from './engine-session';
import { checkServerUrl } from './server-url';

export interface AccountServiceDeps {
  settings: SettingsStore;
  /** The keychain-backed store (its calls reject where there is no keychain). */
  credentials: CredentialStore;
  session: EngineSession;
  /** A client for checking a credential against a server before switching to it. */
  probe<T>(serverUrl: string, use: (client: MasvClient) => Promise<T>): Promise<T>;
  logger: Logger;
  /** Where secrets are kept: the OS keychain, or the user-only file where there is none. */
  secretBackend(): SecretBackend;
}

type Listener = (account: AccountSnapshot) => void;

export class AccountService {
  private current: AccountSnapshot;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly deps: AccountServiceDeps) {
    const server = deps.settings.get().serverUrl;
    this.current = signedOut(server);
  }

  get(): AccountSnapshot {
    return this.current;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The credential kept for the saved server, if any; teams are refreshed in the background. */
  async load(): Promise<Credentials | undefined> {
    const s = this.deps.settings.get();
    const stored = await this.deps.credentials.get(s.serverUrl).catch((e: unknown) => {
      this.deps.logger.warn('could not read the keychain', { error: String(e) });
      return null;
    });
    if (stored === null) return undefined;
    const teams: TeamSummary[] = s.teamId ? [{ id: s.teamId, name: s.teamName ?? s.teamId }] : [];
    this.set(signedIn(stored, teams, s.teamId, this.deps.secretBackend()));
    return credentialsOf(stored);
  }

  /** Asks the server for the account's teams (after load); a rejected credential signs out. */
  async refresh(): Promise<void> {
    const account = this.current;
    if (account.state !== 'signed-in') return;
    try {
      const teams = await this.deps.session.client.listTeams();
      if (this.current !== account) return;
      const teamId = pickTeam(teams, account.teamId)?.id ?? null;
      this.set({ ...account, teams: teams.map(summary), teamId });
    } catch (error) {
      if (isMasvError(error) && error.code === 'auth-rejected' && this.current === account) {
        this.set({
          ...account,
          problem: 'MASV no longer accepts the saved sign-in. Sign in again.',
        });
      } else {
        this.deps.logger.info('could not refresh the account', { error: String(error) });
      }
    }
  }

  async signIn(input: SignInInput): Promise<AccountSnapshot> {
    const server =
      input.serverUrl === undefined || input.serverUrl === ''
        ? this.current.serverUrl
        : checkServerUrl(input.serverUrl);
    let credential: StoredCredential;
    let teams: Team[];
    try {
      if (input.method === 'api-key') {
        teams = await this.deps.probe(server, (c) => {
          c.setCredentials({ apiKey: input.apiKey });
          return c.listTeams();
        });
        credential = { kind: 'api-key', serverUrl: server, apiKey: input.apiKey };
      } else {
        const r = await this.deps.probe(server, (c) => c.auth(input.email, input.password));
        teams = r.teams;
        credential = {
          kind: 'user-token',
          serverUrl: server,
          email: input.email,
          userToken: r.token,
        };
      }
    } catch (error) {
      throw signInError(error, input.method, server);
    }
    try {
      await this.deps.credentials.set(credential);
    } catch (error) {
      throw new IpcError(
        'keychain-unavailable',
        `The sign-in worked, but the system keychain could not keep it (${String(
          error instanceof Error ? error.message : error,
        )}). Unlock or start the keychain, then sign in again.`,
      );
    }
    const saved = this.deps.settings.get();
    const team = pickTeam(teams, saved.serverUrl === server ? saved.teamId : null);
    this.deps.settings.update({
      serverUrl: server,
      teamId: team?.id ?? null,
      teamName: team?.name ?? null,
    });
    await this.deps.session.switchServer(server, credentialsOf(credential));
    this.set(signedIn(credential, teams.map(summary), team?.id ?? null, this.deps.secretBackend()));
    return this.current;
  }

  /** Removes the keychain entry; team uploads pause until the next sign-in, downloads go on. */
  async signOut(): Promise<AccountSnapshot> {
    const server = this.current.serverUrl;
    await this.deps.session.pauseWithReason(
      'Paused because you signed out. Sign in again to continue.',
      (s) => s.kind === 'upload',
    );
    this.deps.session.setCredentials(undefined);
    await this.deps.credentials.delete(server).catch((error: unknown) => {
      throw new IpcError(
        'keychain-unavailable',
        `Signed out here, but the keychain entry could not be removed (${String(error)}).`,
      );
    });
    this.set(signedOut(server));
    return this.current;
  }

  setTeam(teamId: string): AccountSnapshot {
    const account = this.current;
    if (account.state !== 'signed-in') throw new IpcError('not-signed-in', 'Sign in first.');
    const team = account.teams.find((t) => t.id === teamId);
    if (!team) throw new IpcError('not-found', 'This account is not in that team.');
    this.deps.settings.update({ teamId: team.id, teamName: team.name });
    this.set({ ...account, teamId: team.id });
    return this.current;
  }

  private set(next: AccountSnapshot): void {
    this.current = next;
    for (const l of this.listeners) l(next);
  }
}

function signedOut(serverUrl: string): AccountSnapshot {
  return { state: 'signed-out', serverUrl, production: isProduction(serverUrl) };
}

function signedIn(
  c: StoredCredential,
  teams: TeamSummary[],
  teamId: string | null,
  secretBackend: SecretBackend,
): AccountSnapshot {
  return {
    state: 'signed-in',
    serverUrl: c.serverUrl,
    production: isProduction(c.serverUrl),
    method: c.kind === 'api-key' ? 'api-key' : 'password',
    ...(c.kind === 'user-token' ? { email: c.email } : {}),
    teams,
    teamId,
    secretBackend,
  };
}

function credentialsOf(c: StoredCredential): Credentials {
  return c.kind === 'api-key' ? { apiKey: c.apiKey } : { userToken: c.userToken };
}

function isProduction(serverUrl: string): boolean {
  return normalizeServerUrl(serverUrl) === PRODUCTION_API_URL;
}

function summary(t: Team): TeamSummary {
  return { id: t.id, name: t.name };
}

function pickTeam(teams: readonly Team[] | readonly TeamSummary[], wanted: string | null) {
  return teams.find((t) => t.id === wanted) ?? teams[0];
}

/** One sentence per cause: wrong key, wrong password, unreachable, TLS. */
function signInError(error: unknown, method: SignInInput['method'], server: string): IpcError {
  if (error instanceof IpcError) return error;
  if (!isMasvError(error)) return new IpcError('internal', 'Signing in failed unexpectedly.');
  if (error.code === 'auth-rejected' || error.code === 'forbidden') {
    return method === 'api-key'
      ? new IpcError('auth-rejected', `${hostOf(server)} did not accept this API key.`)
      : new IpcError('auth-rejected', 'The e-mail or password is not right.');
  }
  const host = hostOf(server);
  if (error.code === 'network' && /certificate/i.test(error.message)) {
    // mapNetworkError words every TLS verification failure this way (electron/masv/http.ts).
    return new IpcError(
      'untrusted-certificate',
      `The certificate of ${host} is not trusted, so nothing was sent. Check the server address.`,
    );
  }
  if (error.code === 'network')
    return new IpcError(
      'unreachable',
      `Could not reach ${host}. Check the server address and your connection.`,
    );
  if (error.code === 'timeout')
    return new IpcError('unreachable', `${host} did not answer in time. Try again in a moment.`);
  return new IpcError(error.code, error.message);
}

function hostOf(server: string): string {
  return new URL(server).host;
}
