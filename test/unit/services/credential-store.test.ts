import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CredentialStore,
  KeychainUnavailableError,
  loadKeytar,
  normalizeServerUrl,
  type KeychainBackend,
} from '../../../electron/services/credential-store';
import { memoryKeychain } from '../../fakes/memory-keychain';

describe('CredentialStore (logic)', () => {
  it('normalises server URLs so trailing slashes and case do not create duplicates', () => {
    expect(normalizeServerUrl('https://API.massive.app/')).toBe('https://api.massive.app');
    expect(normalizeServerUrl('http://127.0.0.1:8080/base/')).toBe('http://127.0.0.1:8080/base');
    expect(normalizeServerUrl('http://h/a|b')).toBe('http://h/a%7Cb');
  });

  it('keeps one credential per server, api key replacing a user token', async () => {
    const kc = memoryKeychain();
    const store = new CredentialStore(kc, { service: 'svc' });
    await store.set({
      kind: 'user-token',
      serverUrl: 'http://h:1/',
      email: 'a|b@example.com',
      userToken: 'tok',
    });
    expect(await store.get('http://h:1')).toEqual({
      kind: 'user-token',
      serverUrl: 'http://h:1',
      email: 'a|b@example.com',
      userToken: 'tok',
    });
    await store.set({ kind: 'api-key', serverUrl: 'http://h:1', apiKey: 'k1' });
    expect(await store.get('http://h:1/')).toEqual({
      kind: 'api-key',
      serverUrl: 'http://h:1',
      apiKey: 'k1',
    });
    expect(kc.items.size).toBe(1);
    await store.set({ kind: 'api-key', serverUrl: 'http://other', apiKey: 'k2' });
    expect(await store.list()).toEqual(
      expect.arrayContaining([
        { kind: 'api-key', serverUrl: 'http://h:1' },
        { kind: 'api-key', serverUrl: 'http://other' },
      ]),
    );
    expect(JSON.stringify(await store.list())).not.toContain('k1');
    expect(await store.delete('http://h:1')).toBe(true);
    expect(await store.get('http://h:1')).toBeNull();
    expect(await store.delete('http://h:1')).toBe(false);
    expect(await store.get('http://other')).toMatchObject({ apiKey: 'k2' });
  });

  it('wraps backend failures in KeychainUnavailableError', async () => {
    const broken: KeychainBackend = {
      getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: () => Promise.reject(new Error('x')),
      deletePassword: () => Promise.reject(new Error('x')),
      findCredentials: () => Promise.reject(new Error('x')),
    };
    const store = new CredentialStore(broken);
    await expect(store.get('http://h')).rejects.toBeInstanceOf(KeychainUnavailableError);
    await expect(store.get('http://h')).rejects.toThrow(/keychain is not available.*D-Bus/);
  });
});

// The real thing: keytar against gnome-keyring in the private D-Bus session scripts/test.sh makes.
describe.runIf(process.env.MASV_TEST_KEYRING === 'gnome-keyring')(
  'CredentialStore on gnome-keyring',
  () => {
    it('stores, reads back in a fresh process, lists and deletes', async () => {
      const service = `MASV Desktop test ${randomUUID()}`;
      const store = new CredentialStore(await loadKeytar(), { service });
      const secret = `key-${randomUUID()}`;
      await store.set({ kind: 'api-key', serverUrl: 'http://127.0.0.1:9/', apiKey: secret });
      expect(await store.get('http://127.0.0.1:9')).toEqual({
        kind: 'api-key',
        serverUrl: 'http://127.0.0.1:9',
        apiKey: secret,
      });

      // A separate Node process sees the same item: it is in the keyring, not in this process.
      const script = `const k = require('keytar'); k.getPassword(process.argv[1], process.argv[2]).then((p) => process.stdout.write(String(p)));`;
      const fresh = execFileSync(
        process.execPath,
        ['-e', script, service, 'api-key|http://127.0.0.1:9'],
        {
          encoding: 'utf8',
        },
      );
      expect(fresh).toBe(secret);

      await store.set({
        kind: 'user-token',
        serverUrl: 'http://127.0.0.1:9',
        email: 'u@example.com',
        userToken: 'jwt',
      });
      expect(await store.list()).toEqual([
        { kind: 'user-token', serverUrl: 'http://127.0.0.1:9', email: 'u@example.com' },
      ]);
      expect(await store.delete('http://127.0.0.1:9')).toBe(true);
      expect(await store.get('http://127.0.0.1:9')).toBeNull();
      const gone = execFileSync(
        process.execPath,
        ['-e', script, service, 'api-key|http://127.0.0.1:9'],
        {
          encoding: 'utf8',
        },
      );
      expect(gone).toBe('null');
    });
  },
);
