// An in-memory keychain with keytar's semantics, for logic tests that need no Secret Service.
// Tests that are about the keychain itself use the real one (gnome-keyring under npm test).
import type { KeychainBackend } from '../../electron/services/credential-store';

export type MemoryKeychain = KeychainBackend & { items: Map<string, string> };

export function memoryKeychain(): MemoryKeychain {
  const items = new Map<string, string>();
  const key = (s: string, a: string) => `${s}\u0000${a}`;
  return {
    items,
    getPassword: (s, a) => Promise.resolve(items.get(key(s, a)) ?? null),
    setPassword: (s, a, p) => {
      items.set(key(s, a), p);
      return Promise.resolve();
    },
    deletePassword: (s, a) => Promise.resolve(items.delete(key(s, a))),
    findCredentials: (s) =>
      Promise.resolve(
        [...items.entries()]
          .filter(([k]) => k.startsWith(`${s}\u0000`))
          .map(([k, password]) => ({ account: k.slice(s.length + 1), password })),
      ),
  };
}
