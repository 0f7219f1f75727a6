// The built `masv` on a machine without a Secret Service (no D-Bus session, no display), as on a
// server or over SSH: the real keytar fails, and MASV_API_KEY alone carries every command.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { buildCli, masv, tempHome } from './masv-process';
import type { MasvOptions } from './masv-process';

describe.runIf(process.platform === 'linux')('masv without an OS keychain', () => {
  let emu: Emulator;
  let home: string;
  let run: (args: string[], env?: Record<string, string>) => ReturnType<typeof masv>;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({ dataDir: path.join(home, 'service') });
    const base: MasvOptions = { home, unsetEnv: ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY'] };
    run = (args, env = {}) => masv(args, { ...base, env });
    mkdirSync(path.join(home, 'shoot'));
    writeFileSync(path.join(home, 'shoot', 'take1.txt'), 'headless');
  });
  afterAll(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('with the file fallback refused, `login --api-key` says in one sentence what to do, and stores nothing', async () => {
    const r = await run(['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey], {
      MASV_NO_SECRETS_FILE: '1',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^masv: the OS keychain is not available \(.+\); without one \(a server, an SSH session\) set MASV_API_KEY for every command instead, or start a keyring \(README: "Headless machines"\)\n$/,
    );
    expect(existsSync(path.join(home, 'settings.json'))).toBe(false);
    expect(existsSync(path.join(home, 'secrets.json'))).toBe(false);
  });

  it('otherwise `login` keeps the key in a file only the user can read, and says so', async () => {
    const r = await run(['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey]);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(home, 'secrets.json');
    expect(r.stderr).toBe(
      `masv: no OS keychain here (${/\(([^)]*)\)/.exec(r.stderr)?.[1] ?? ''}); credentials and transfer secrets are kept in ${file}, readable only by you (set MASV_NO_SECRETS_FILE=1 to refuse, or start a keyring: README "Headless machines")\n`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const who = await run(['whoami']);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain(emu.apiUrl);
    expect((await run(['logout'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain(emu.demo.apiKey);
  });

  it('MASV_API_KEY carries login, whoami, upload and resume; a bad one is named', async () => {
    const key = { MASV_API_KEY: emu.demo.apiKey };
    const login = await run(['login', '--server', emu.apiUrl], key);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(
      `The credential is kept in ${path.join(home, 'secrets.json')}, readable only by you`,
    );

    const who = await run(['whoami'], key);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain('Credential: API key (from MASV_API_KEY)');

    const up = await run(['upload', 'shoot', '--json'], key);
    expect(up.code, up.stderr).toBe(0);
    const linkUrl = (JSON.parse(up.stdout) as { linkUrl: string }).linkUrl;

    const down = await run(['download', linkUrl, '--to', 'back']);
    expect(down.code, down.stderr).toBe(0);
    expect(existsSync(path.join(home, 'back', 'shoot', 'take1.txt'))).toBe(true);

    expect((await run(['transfers', 'resume', '--all'], key)).code).toBe(0);

    const bad = await run(['upload', 'shoot'], { MASV_API_KEY: 'not-the-key-0000' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain(
      `masv: the key in MASV_API_KEY was rejected by ${emu.apiUrl}; check it, or unset it to use the stored login\n`,
    );
    expect(bad.stderr).not.toContain('stored credential');
  });
});
