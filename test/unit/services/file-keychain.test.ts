// The documented fallback where no OS keychain answers: one user-only file, chosen out loud.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../../electron/services/credential-store';
import type { KeychainBackend } from '../../../electron/services/credential-store';
import {
  FileKeychain,
  keychainLoader,
  openKeychain,
} from '../../../electron/services/file-keychain';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'file-keychain-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const noKeychain = (): Promise<KeychainBackend> =>
  Promise.reject(new KeychainUnavailableError('Cannot autolaunch D-Bus without X11 $DISPLAY'));

describe('file keychain', () => {
  it('keeps entries per service in a 0600 file inside a 0700 folder', async () => {
    const file = path.join(dir, 'state', 'secrets.json');
    const k = new FileKeychain(file);
    await k.setPassword('svc', 'a', 'one');
    await k.setPassword('svc', 'b', 'two');
    await k.setPassword('other', 'a', 'three');
    expect(await k.getPassword('svc', 'a')).toBe('one');
    expect(await k.findCredentials('svc')).toEqual([
      { account: 'a', password: 'one' },
      { account: 'b', password: 'two' },
    ]);
    expect(await k.deletePassword('svc', 'a')).toBe(true);
    expect(await k.deletePassword('svc', 'a')).toBe(false);
    expect(await new FileKeychain(file).getPassword('svc', 'a')).toBeNull();
    expect(readFileSync(file, 'utf8')).not.toContain('one');
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
  });

  it('a damaged file is reported without repeating its content', async () => {
    const file = path.join(dir, 'secrets.json');
    writeFileSync(file, '{"svc":{"a":"top-secret-value"');
    const err = await new FileKeychain(file).getPassword('svc', 'a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect(String(err)).toContain('damaged');
    expect(String(err)).not.toContain('top-secret-value');
  });

  it('is chosen only when the OS keychain does not answer, and never when refused', async () => {
    const file = path.join(dir, 'secrets.json');
    const working: KeychainBackend = new FileKeychain(path.join(dir, 'os.json'));
    const os = await openKeychain({ load: () => Promise.resolve(working), file, env: {} });
    expect(os).toEqual({ backend: working, kind: 'keychain' });
    const fallback = await openKeychain({ load: noKeychain, file, env: {} });
    expect(fallback.kind).toBe('file');
    expect(fallback.reason).toContain('D-Bus');
    await expect(
      openKeychain({ load: noKeychain, file, env: { MASV_NO_SECRETS_FILE: '1' } }),
    ).rejects.toBeInstanceOf(KeychainUnavailableError);
  });

  it('a host is told once, however many stores load it', async () => {
    const notices: string[] = [];
    const load = keychainLoader({
      load: noKeychain,
      stateDir: dir,
      env: {},
      onFallback: (n) => notices.push(n),
    });
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(path.join(dir, 'secrets.json'));
    expect(notices[0]).toContain('readable only by you');
  });
});
