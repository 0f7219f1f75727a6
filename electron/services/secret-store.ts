// Secrets that belong to transfers and history entries (share-link secrets today; package
// tokens and link secrets of journals later) live in the OS keychain under their own service,
// keyed by a reference such as `share-link:<link id>`. Files keep only the reference.
import type { KeychainBackend } from './credential-store';
import { KeychainUnavailableError } from './credential-store';

export const SECRETS_KEYCHAIN_SERVICE = 'MASV Desktop secrets';

/** `kind:id`, both parts from a small alphabet so a reference can never smuggle a separator. */
const REF = /^[a-z][a-z-]{0,31}:[A-Za-z0-9_-]{1,128}$/;

export class SecretStore {
  private readonly service: string;

  constructor(
    private readonly backend: KeychainBackend,
    options: { service?: string } = {},
  ) {
    this.service = options.service ?? SECRETS_KEYCHAIN_SERVICE;
  }

  async set(ref: string, value: string): Promise<void> {
    await this.call(() => this.backend.setPassword(this.service, check(ref), value));
  }

  async get(ref: string): Promise<string | null> {
    return this.call(() => this.backend.getPassword(this.service, check(ref)));
  }

  async delete(ref: string): Promise<boolean> {
    return this.call(() => this.backend.deletePassword(this.service, check(ref)));
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new KeychainUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }
}

function check(ref: string): string {
  if (!REF.test(ref)) throw new Error(`invalid secret reference: ${ref}`);
  return ref;
}
