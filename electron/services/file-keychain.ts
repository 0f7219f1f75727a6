// Where there is no OS keychain (a headless server without a Secret Service), secrets go to one
// file that only the user can read: documented, said once when it is chosen, never silent.
// `openKeychain` makes that choice: the OS keychain when it answers, else this file (unless
// MASV_NO_SECRETS_FILE=1 forbids it, in which case the keychain's own error stands).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_KEYCHAIN_SERVICE, KeychainUnavailableError } from './credential-store';
import type { KeychainBackend } from './credential-store';

type Vault = Record<string, Record<string, string>>;

/**
 * A keytar-shaped store in one JSON file, mode 0600 in a 0700 folder. Every operation reads and
 * rewrites the file whole (atomically, by rename), synchronously, so calls in one process never
 * interleave; the file holds a handful of entries.
 */
export class FileKeychain implements KeychainBackend {
  constructor(readonly file: string) {}

  // async: a damaged or unreadable file rejects like a keychain would, never throws.
  // eslint-disable-next-line @typescript-eslint/require-await
  async getPassword(service: string, account: string): Promise<string | null> {
    return this.read()[service]?.[account] ?? null;
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async setPassword(service: string, account: string, password: string): Promise<void> {
    const vault = this.read();
    vault[service] = { ...vault[service], [account]: password };
    this.write(vault);
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async deletePassword(service: string, account: string): Promise<boolean> {
    const vault = this.read();
    const entries = vault[service];
    if (entries === undefined || !(account in entries)) return false;
    delete entries[account];
    this.write(vault);
    return true;
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    const entries = this.read()[service] ?? {};
    return Object.entries(entries).map(([account, password]) => ({ account, password }));
  }

  private read(): Vault {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return {};
      throw new KeychainUnavailableError(`cannot read ${this.file}: ${(e as Error).message}`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return isVault(parsed) ? parsed : {};
    } catch {
      // Never repeats the content: it is made of secrets.
      throw new KeychainUnavailableError(`${this.file} is damaged (not JSON)`);
    }
  }

  private write(vault: Vault): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(vault, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new KeychainUnavailableError(`cannot write ${this.file}: ${(e as Error).message}`);
    }
  }
}

function isVault(v: unknown): v is Vault {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v as Record<string, unknown>).every(
    (entries) =>
      typeof entries === 'object' &&
      entries !== null &&
      Object.values(entries as Record<string, unknown>).every((p) => typeof p === 'string'),
  );
}

export interface KeychainChoice {
  backend: KeychainBackend;
  kind: 'keychain' | 'file';
  /** Why the OS keychain was not used (kind 'file'). */
  reason?: string;
  file?: string;
}

export interface OpenKeychainOptions {
  /** Loads the OS keychain (keytar). */
  load: () => Promise<KeychainBackend>;
  /** The fallback file (`<state>/secrets.json`). */
  file: string;
  env: Record<string, string | undefined>;
}

/** The OS keychain if it answers a harmless query, else the user-only file (documented). */
export async function openKeychain(o: OpenKeychainOptions): Promise<KeychainChoice> {
  let reason: string;
  try {
    const backend = await o.load();
    await backend.findCredentials(DEFAULT_KEYCHAIN_SERVICE);
    return { backend, kind: 'keychain' };
  } catch (e) {
    reason = e instanceof KeychainUnavailableError ? e.reason : (e as Error).message;
    if (o.env.MASV_NO_SECRETS_FILE === '1') {
      throw e instanceof KeychainUnavailableError ? e : new KeychainUnavailableError(reason);
    }
  }
  return { backend: new FileKeychain(o.file), kind: 'file', reason, file: o.file };
}

/** The sentence a host says once when secrets go to the file. */
export function fileFallbackNotice(choice: KeychainChoice): string {
  return (
    `no OS keychain here (${firstLine(choice.reason ?? 'unknown reason')}); credentials and ` +
    `transfer secrets are kept in ${choice.file ?? 'a file'}, readable only by you ` +
    `(set MASV_NO_SECRETS_FILE=1 to refuse, or start a keyring: README "Headless machines")`
  );
}

function firstLine(s: string): string {
  return s.split('\n')[0]?.trim() ?? s;
}

/**
 * A host's keychain loader: chooses once per process (openKeychain) and tells `onFallback` once
 * when the file is used. A failed choice is not kept (a keyring may be started later).
 */
export function keychainLoader(o: {
  load: () => Promise<KeychainBackend>;
  stateDir: string;
  env: Record<string, string | undefined>;
  onFallback: (notice: string) => void;
}): () => Promise<KeychainBackend> {
  let choosing: Promise<KeychainBackend> | undefined;
  return () =>
    (choosing ??= openKeychain({
      load: o.load,
      file: path.join(o.stateDir, SECRETS_FILE_NAME),
      env: o.env,
    }).then(
      (choice) => {
        if (choice.kind === 'file') o.onFallback(fileFallbackNotice(choice));
        return choice.backend;
      },
      (error: unknown) => {
        choosing = undefined;
        throw error;
      },
    ));
}

export const SECRETS_FILE_NAME = 'secrets.json';
