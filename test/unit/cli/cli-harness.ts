// An in-memory CliEnv for unit tests: captured stdout/stderr, a memory keychain, temp MASV_HOME.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliEnv } from '../../../electron/cli/context';
import type { KeychainBackend } from '../../../electron/services/credential-store';
import { resolveAppPaths } from '../../../electron/services/paths';

export interface Captured {
  text: string;
  isTTY?: boolean;
  columns?: number;
  write(t: string): boolean;
}

export function capture(isTTY = false): Captured {
  const c: Captured = {
    text: '',
    isTTY,
    columns: 100,
    write(t: string) {
      c.text += t;
      return true;
    },
  };
  return c;
}

export function memoryKeychain(): KeychainBackend & { items: Map<string, string> } {
  const items = new Map<string, string>();
  const k = (s: string, a: string) => `${s}\n${a}`;
  return {
    items,
    getPassword: (s, a) => Promise.resolve(items.get(k(s, a)) ?? null),
    setPassword: (s, a, p) => Promise.resolve(void items.set(k(s, a), p)),
    deletePassword: (s, a) => Promise.resolve(items.delete(k(s, a))),
    findCredentials: (s) =>
      Promise.resolve(
        [...items]
          .filter(([key]) => key.startsWith(`${s}\n`))
          .map(([key, password]) => ({
            account: key.slice(s.length + 1),
            password,
          })),
      ),
  };
}

export function testEnv(
  overrides: Partial<CliEnv> = {},
): CliEnv & { stdout: Captured; stderr: Captured; home: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'masv-cli-unit-'));
  const keychain = memoryKeychain();
  const stdin = new PassThrough();
  stdin.end();
  return {
    stdout: capture(),
    stderr: capture(),
    stdin,
    env: { MASV_HOME: home },
    cwd: home,
    paths: resolveAppPaths({ env: { MASV_HOME: home }, platform: 'linux', home }),
    keychain: () => Promise.resolve(keychain),
    version: '9.9.9',
    onInterrupt: () => () => undefined,
    home,
    ...overrides,
  } as CliEnv & { stdout: Captured; stderr: Captured; home: string };
}
