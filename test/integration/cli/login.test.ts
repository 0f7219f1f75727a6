import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { buildCli, masv, tempHome } from './masv-process';

const keyring = process.env.MASV_TEST_KEYRING === 'gnome-keyring';

describe('masv CLI (built) — usage', () => {
  let home: string;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('prints help and version, rejects unknown flags with exit 2', async () => {
    const help = await masv(['--help'], { home });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    const version = await masv(['--version'], { home });
    expect(version.stdout.trim()).toMatch(/^masv \d+\.\d+\.\d+$/);
    const bad = await masv(['upload', 'x', '--frobnicate'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("masv: unknown option '--frobnicate' (see masv upload --help)\n");
    expect(bad.stdout).toBe('');
  });

  it('refuses plain http to a server that is not on this machine, before any request', async () => {
    const r = await masv(['login', '--server', 'http://api.example.com', '--api-key', 'k'], {
      home,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing plain http to api.example.com');
    expect(r.stderr).toContain('https://api.example.com');
  });
});

describe.runIf(keyring)('masv login / whoami / logout against the local service', () => {
  let emu: Emulator;
  let home: string;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({ dataDir: path.join(home, 'service') });
  });
  afterAll(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('rejects a bad API key with exit 3 and stores nothing', async () => {
    const r = await masv(['login', '--server', emu.apiUrl, '--api-key', 'not-a-real-key'], {
      home,
    });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([
      `masv: the API key was rejected by ${emu.apiUrl}`,
    ]);
    expect(existsSync(path.join(home, 'settings.json'))).toBe(false);
    const who = await masv(['whoami', '--server', emu.apiUrl], { home });
    expect(who.code).toBe(3);
    expect(who.stderr).toContain('not logged in');
  });

  it('logs in with the demo key, keeps it only in the keychain, and whoami works from a fresh process', async () => {
    const r = await masv(
      ['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey, '--json'],
      { home },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, kind: 'api-key', team: { id: emu.demo.teamId } });

    const settingsText = readFileSync(path.join(home, 'settings.json'), 'utf8');
    expect(JSON.parse(settingsText)).toMatchObject({
      serverUrl: emu.apiUrl,
      teamId: emu.demo.teamId,
    });
    expect(settingsText).not.toContain(emu.demo.apiKey);

    // No --server: the saved server is used, the key comes from the keychain.
    const who = await masv(['whoami'], { home });
    expect(who.code).toBe(0);
    expect(who.stdout).toContain(emu.demo.teamName);
    expect(who.stdout).toContain('API key (from keychain)');
    expect(who.stdout + who.stderr).not.toContain(emu.demo.apiKey);

    const out = await masv(['logout'], { home });
    expect(out.code).toBe(0);
    expect((await masv(['whoami'], { home })).code).toBe(3);
  });

  it('logs in with email and a password from stdin', async () => {
    const r = await masv(
      ['login', '--server', emu.apiUrl, '--email', emu.demo.email, '--password-stdin'],
      {
        home,
        input: `${emu.demo.password}\n`,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const who = await masv(['whoami', '--json'], { home });
    expect(JSON.parse(who.stdout)).toMatchObject({
      ok: true,
      kind: 'user-token',
      email: emu.demo.email,
    });
    const bad = await masv(
      ['login', '--server', emu.apiUrl, '--email', emu.demo.email, '--password-stdin'],
      {
        home,
        input: 'wrong-password\n',
      },
    );
    expect(bad.code).toBe(3);
    expect(bad.stderr).toBe(`masv: the email or password was rejected by ${emu.apiUrl}\n`);
    await masv(['logout'], { home });
  });

  it('login and whoami ride out 5xx answers and a 429 with Retry-After, as the engine does', async () => {
    emu.faults.update({
      rules: [
        { route: 'api:listTeams', every: 1, count: 2, action: { kind: 'status', status: 503 } },
        {
          route: 'api:listTeams',
          every: 3,
          count: 1,
          action: { kind: 'throttle', retryAfterSeconds: 1 },
        },
      ],
    });
    emu.requestLog.clear();
    try {
      const r = await masv(['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey], {
        home,
      });
      expect(r.code, r.stderr).toBe(0);
      const calls = emu.requestLog.entries().filter((e) => e.route === 'api:listTeams');
      expect(calls.map((e) => e.status)).toEqual([503, 503, 429, 200]);
    } finally {
      emu.faults.clear();
    }
    await masv(['logout'], { home });
  });

  it('accepts MASV_API_KEY from the environment without printing it', async () => {
    const who = await masv(['whoami', '--server', emu.apiUrl], {
      home,
      env: { MASV_API_KEY: emu.demo.apiKey },
    });
    expect(who.code).toBe(0);
    expect(who.stdout).toContain('(from MASV_API_KEY)');
    expect(who.stdout).not.toContain(emu.demo.apiKey);
  });
});

describe.runIf(keyring)('masv login over TLS with a private CA', () => {
  let emu: Emulator;
  let home: string;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({ tls: true, dataDir: path.join(home, 'service') });
  });
  afterAll(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('refuses the untrusted certificate without --ca and works with it', async () => {
    expect(emu.apiUrl.startsWith('https://')).toBe(true);
    const untrusted = await masv(['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey], {
      home,
    });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('certificate is not trusted');
    const ok = await masv(
      ['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey, '--ca', emu.caCertPath!],
      {
        home,
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    // The CA path is remembered, so later commands need no --ca.
    const who = await masv(['whoami'], { home });
    expect(who.code, who.stderr).toBe(0);
    const missingCa = await masv(['whoami', '--ca', 'nope.pem'], { home });
    expect(missingCa.code).toBe(4);
    expect(missingCa.stderr).toBe('masv: cannot read the CA file nope.pem\n');
  });

  it('adds --ca to what the system trusts instead of replacing it', async () => {
    // A second server whose CA only "the system" trusts (NODE_EXTRA_CA_CERTS extends Node's
    // trust the way a company CA would), reached while --ca names the first server's CA.
    const other = await startEmulator({ tls: true, dataDir: path.join(home, 'service-b') });
    try {
      const args = ['whoami', '--server', other.apiUrl, '--ca', emu.caCertPath!];
      const env = { MASV_API_KEY: other.demo.apiKey };
      const withSystemCa = await masv(args, {
        home,
        env: { ...env, NODE_EXTRA_CA_CERTS: other.caCertPath! },
      });
      expect(withSystemCa.code, withSystemCa.stderr).toBe(0);
      expect(withSystemCa.stdout).toContain(other.demo.teamName);
      const without = await masv(args, { home, env });
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('certificate is not trusted');
    } finally {
      await other.close();
    }
  });
});
