// Everything a command needs, built lazily so `--help` touches neither disk nor keychain.
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { checkApiUrl } from '../../shared/api-url';
import { MasvClient } from '../masv/client';
import type { Credentials } from '../masv/client';
import { DEFAULT_MESSAGES } from '../masv/errors';
import { ApiLog, createDispatcher } from '../masv/http';
import { ApiLogFile } from '../services/api-log-file';
import { apiRetryOptions } from '../masv/retry-policy';
import { realSleep } from '../engine/clock';
import { CredentialStore, lazyKeychain, normalizeServerUrl } from '../services/credential-store';
import { FileKeychain } from '../services/file-keychain';
import { SecretStore } from '../services/secret-store';
import { HistoryStore } from '../services/history';
import { noopLogger } from '../engine/deps';
import { LocalHistory } from '../core/local-history';
import { ShareLinks } from '../core/share-links';
import type { KeychainBackend } from '../services/credential-store';
import type { AppPaths } from '../services/paths';
import { SettingsStore } from '../services/settings';
import type { OptionValues } from './args';
import { str } from './args';
import { SIGN_IN_MESSAGE } from '../engine/sign-in';
import { CliError } from './cli-error';
import type { Failure } from './cli-error';
import { ExitCode } from './exit-codes';
import type { Output, OutStream } from './output';
import type { InStream } from './prompt';

/** The outside world as the CLI sees it; tests pass their own. */
export interface CliEnv {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Record<string, string | undefined>;
  cwd: string;
  paths: AppPaths;
  keychain: () => Promise<KeychainBackend>;
  version: string;
  /** Registers a Ctrl-C handler while a transfer runs; returns the unregister function. */
  onInterrupt: (handler: () => void) => () => void;
}

export class CliContext {
  private settingsStore: SettingsStore | undefined;
  private credentialStore: CredentialStore | undefined;
  private readonly dispatchers: Dispatcher[] = [];
  /** Where the user credential of this run came from, once one was resolved. */
  private credentialUsed: { source: 'env' | 'keychain'; serverUrl: string } | undefined;
  /** api.log in the logs folder, shared with the app; nothing is written until a request. */
  readonly apiLogFile: ApiLogFile;
  readonly apiLog: ApiLog;

  constructor(
    readonly env: CliEnv,
    readonly out: Output,
  ) {
    this.apiLogFile = new ApiLogFile(env.paths.logsDir);
    this.apiLog = new ApiLog({ capacity: 2000, sink: this.apiLogFile.sink });
  }

  settings(): SettingsStore {
    this.settingsStore ??= new SettingsStore({ dir: this.env.paths.configDir });
    return this.settingsStore;
  }

  private secretStore: SecretStore | undefined;

  /** Transfer secrets (link secrets, package tokens) in the keychain, loaded on first use. */
  secrets(): SecretStore {
    this.secretStore ??= new SecretStore(lazyKeychain(() => this.env.keychain()));
    return this.secretStore;
  }

  /** The user-only file secrets are kept in where there is no OS keychain, once known. */
  secretsFile: string | undefined;

  async credentials(): Promise<CredentialStore> {
    if (this.credentialStore === undefined) {
      const backend = await this.env.keychain();
      if (backend instanceof FileKeychain) this.secretsFile = backend.file;
      this.credentialStore = new CredentialStore(backend);
    }
    return this.credentialStore;
  }

  /** --server, else the saved server, else production. Always normalised. */
  serverUrl(values: OptionValues): string {
    const given = str(values, 'server') ?? this.settings().get().serverUrl;
    const checked = checkApiUrl(given);
    if (!checked.ok) throw new CliError('usage', checked.message, ExitCode.usage);
    return normalizeServerUrl(given);
  }

  /** PEM text of --ca (or the saved CA file), read now so a bad path fails early and clearly. */
  caPem(values: OptionValues): string | undefined {
    const file = str(values, 'ca') ?? this.settings().get().caFile ?? undefined;
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw new CliError('file-not-found', `cannot read the CA file ${file}`, ExitCode.notFound);
    }
  }

  /** MASV_API_KEY wins (scripts, machines without a keychain); else this server's keychain entry. */
  async resolveCredentials(serverUrl: string): Promise<Credentials> {
    const fromEnv = this.env.env.MASV_API_KEY;
    if (fromEnv !== undefined && fromEnv !== '') {
      this.credentialUsed = { source: 'env', serverUrl };
      return { apiKey: fromEnv };
    }
    const stored = await (await this.credentials()).get(serverUrl);
    if (stored === null) {
      throw new CliError(
        'not-logged-in',
        `not logged in to ${serverUrl}; run \`masv login --api-key KEY\`, or set MASV_API_KEY`,
        ExitCode.auth,
      );
    }
    this.credentialUsed = { source: 'keychain', serverUrl };
    return stored.kind === 'api-key' ? { apiKey: stored.apiKey } : { userToken: stored.userToken };
  }

  /**
   * A rejected user credential, said in terms of where it came from (the environment or the
   * keychain). Package-token rejections carry their own words and pass through unchanged.
   */
  /** The credential in use came from MASV_API_KEY (not the keychain). */
  credentialFromEnv(): boolean {
    return this.credentialUsed?.source === 'env';
  }

  explainFailure(f: Failure): Failure {
    const used = this.credentialUsed;
    if (used === undefined || f.code !== 'auth-rejected') return f;
    if (f.message !== DEFAULT_MESSAGES['auth-rejected'] && f.message !== SIGN_IN_MESSAGE) return f;
    return {
      ...f,
      message:
        used.source === 'env'
          ? `the key in MASV_API_KEY was rejected by ${used.serverUrl}; check it, or unset it to use the stored login`
          : `the stored credential for ${used.serverUrl} was rejected; run \`masv login\` again`,
    };
  }

  /**
   * A client on its own connection pool (every pool is closed by `close()`), retrying like the
   * engine's: a login or team lookup survives the same blips a transfer does.
   */
  client(serverUrl: string, ca: string | undefined, credentials?: Credentials): MasvClient {
    const dispatcher = createDispatcher(ca === undefined ? {} : { ca });
    this.dispatchers.push(dispatcher);
    return new MasvClient({
      baseUrl: serverUrl,
      dispatcher,
      log: this.apiLog,
      retry: apiRetryOptions({ sleep: realSleep }),
      userAgent: `masv-cli/${this.env.version}`,
      ...(credentials === undefined ? {} : { credentials }),
    });
  }

  private localHistory: LocalHistory | undefined;

  /** Share links of team uploads (secrets in the keychain), as the app core makes them. */
  shareLinks(): ShareLinks {
    return new ShareLinks(this.secrets());
  }

  /** This computer's history, shared with the app (links by id, secrets in the keychain). */
  history(): LocalHistory {
    this.localHistory ??= new LocalHistory({
      store: new HistoryStore(this.env.paths.historyFile),
      links: this.shareLinks(),
      secrets: this.secrets(),
      logger: noopLogger,
    });
    return this.localHistory;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.dispatchers.map((d) => d.close()));
    await this.apiLogFile.close();
  }
}
