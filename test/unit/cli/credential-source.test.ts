// Where the credential came from decides the words: a rejected MASV_API_KEY is named as such,
// a rejected keychain entry asks for a new login; and without a keychain, a key from
// MASV_API_KEY is enough for `masv login` while anything else fails with one sentence.
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { CredentialStore } from '../../../electron/services/credential-store';
import type { KeychainBackend } from '../../../electron/services/credential-store';
import { memoryKeychain, testEnv } from './cli-harness';

const GOOD = 'good-key-123456';
let server: ReturnType<typeof createServer>;
let url: string;
const homes: string[] = [];

beforeAll(async () => {
  // Answers the team list to the good key only, as MASV does.
  server = createServer((req, res) => {
    const ok = req.headers['x-api-key'] === GOOD;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? [{ id: 'T1', name: 'Team One' }] : { message: 'unauthorized' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function env(opts: { apiKey?: string; keychain?: KeychainBackend } = {}) {
  const e = testEnv(
    opts.keychain === undefined ? {} : { keychain: () => Promise.resolve(opts.keychain!) },
  );
  homes.push(e.home);
  if (opts.apiKey !== undefined) e.env = { ...e.env, MASV_API_KEY: opts.apiKey };
  return e;
}

/** A keychain as on a server without a Secret Service: every call fails the way keytar does. */
const noKeychain: KeychainBackend = {
  getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
};

describe('a rejected credential names its source', () => {
  it('MASV_API_KEY', async () => {
    const e = env({ apiKey: 'stale-key-000000' });
    expect(await runCli(['whoami', '--server', url], e)).toBe(3);
    expect(e.stderr.text).toBe(
      `masv: the key in MASV_API_KEY was rejected by ${url}; check it, or unset it to use the stored login\n`,
    );
  });

  it('the keychain', async () => {
    const keychain = memoryKeychain();
    await new CredentialStore(keychain).set({
      kind: 'api-key',
      serverUrl: url,
      apiKey: 'old-key-1',
    });
    const e = env({ keychain });
    expect(await runCli(['whoami', '--server', url], e)).toBe(3);
    expect(e.stderr.text).toBe(
      `masv: the stored credential for ${url} was rejected; run \`masv login\` again\n`,
    );
  });
});

describe('without an OS keychain', () => {
  it('`masv login` checks a key from MASV_API_KEY and saves the server and team, not the key', async () => {
    const e = env({ apiKey: GOOD, keychain: noKeychain });
    expect(await runCli(['login', '--server', url, '--json'], e)).toBe(0);
    expect(JSON.parse(e.stdout.text)).toMatchObject({
      ok: true,
      stored: false,
      team: { id: 'T1' },
    });
    expect(e.stderr.text).toBe('');
    const who = env({ apiKey: GOOD, keychain: noKeychain });
    who.paths = e.paths;
    expect(await runCli(['whoami'], who)).toBe(0);
    expect(who.stdout.text).toContain(`Server:     ${url}`);
    expect(who.stdout.text).toContain('Credential: API key (from MASV_API_KEY)');
  });

  it('a key that must be stored fails with one sentence saying what to do', async () => {
    const e = env({ keychain: noKeychain });
    expect(await runCli(['login', '--server', url, '--api-key', GOOD], e)).toBe(3);
    expect(e.stderr.text).toBe(
      'masv: the OS keychain is not available (Cannot autolaunch D-Bus without X11 $DISPLAY); without one (a server, an SSH session) set MASV_API_KEY for every command instead, or start a keyring (README: "Headless machines")\n',
    );
  });

  it('a rejected MASV_API_KEY is refused by login, naming the variable', async () => {
    const e = env({ apiKey: 'stale-key-000000', keychain: noKeychain });
    expect(await runCli(['login', '--server', url], e)).toBe(3);
    expect(e.stderr.text).toBe(`masv: the key in MASV_API_KEY was rejected by ${url}\n`);
  });
});
