// The CLI's half of the secrets scan: a session with the built `masv` (password login, a
// password-protected upload with a link, its download with a wrong then the right password, an
// upload killed mid-way so its journal stays), then every file masv wrote under its home and
// every message it printed on stderr are searched for the account password, the package
// password, the link secret and any token (JWT). The link itself goes to stdout, where the
// user asked for it.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import { unzipText } from '../core/unzip';
import type { Emulator } from '../../emulator/index';
import { buildCli, collect, masv, spawnMasv, tempHome } from './masv-process';

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const PACKAGE_PASSWORD = 'cli-pkg-pass-5d2a';

function filesUnder(dir: string, skip: Set<string>): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (skip.has(p)) continue;
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, skip));
    else out.push(p);
  }
  return out;
}

describe('masv keeps secrets out of its files and messages', () => {
  let emu: Emulator;
  let home: string;
  let serviceDir: string;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    serviceDir = tempHome();
    emu = await startEmulator({ dataDir: serviceDir });
    mkdirSync(path.join(home, 'shoot'));
    writeFileSync(path.join(home, 'shoot', 'take1.txt'), 'secrets scan');
    writeFileSync(path.join(home, 'big.bin'), Buffer.alloc(6 * 1024 * 1024, 5));
  });
  afterAll(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(serviceDir, { recursive: true, force: true });
  });

  it('after login, upload, link, download and a killed upload', async () => {
    const stderr: string[] = [];
    const run = async (args: string[], input?: string) => {
      const r = await masv(args, { home, ...(input === undefined ? {} : { input }) });
      stderr.push(r.stderr);
      return r;
    };
    const demo = emu.demo;
    const login = await run(
      ['login', '--server', emu.apiUrl, '--email', demo.email, '--password-stdin'],
      demo.password,
    );
    expect(login.code, login.stderr).toBe(0);

    const up = await run(['upload', 'shoot', '--password', PACKAGE_PASSWORD, '--json']);
    expect(up.code, up.stderr).toBe(0);
    const linkUrl = (JSON.parse(up.stdout) as { linkUrl: string }).linkUrl;
    const linkSecret = new URL(linkUrl).searchParams.get('secret') ?? '';
    expect(linkSecret).not.toBe('');

    const wrong = await run(['download', linkUrl, '--to', 'back', '--password', 'nope-1234']);
    expect(wrong.code).not.toBe(0);
    const down = await run(['download', linkUrl, '--to', 'back', '--password', PACKAGE_PASSWORD]);
    expect(down.code, down.stderr).toBe(0);
    expect(readFileSync(path.join(home, 'back', 'shoot', 'take1.txt'), 'utf8')).toBe(
      'secrets scan',
    );

    // An upload killed once its package exists: its journal stays, with the token sealed away.
    emu.faults.update({ bandwidthBytesPerSecond: 256 * 1024 });
    const child = spawnMasv(['upload', 'big.bin'], { home });
    child.stdin?.end();
    const done = collect(child);
    const journals = path.join(home, 'journals');
    const deadline = Date.now() + 30_000;
    const hasPackage = () => {
      try {
        return readdirSync(journals).some(
          (n) =>
            n.endsWith('.jsonl') &&
            readFileSync(path.join(journals, n), 'utf8').includes('"t":"package"'),
        );
      } catch {
        return false;
      }
    };
    while (!hasPackage() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await done;
    emu.faults.clear();
    expect(hasPackage()).toBe(true);

    const listed = await run(['transfers', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const archive = path.join(home, 'diagnostics.zip');
    const exported = await run(['logs', '--export', archive]);
    expect(exported.code, exported.stderr).toBe(0);

    const secrets: Record<string, string> = {
      'account password': demo.password,
      'package password': PACKAGE_PASSWORD,
      'wrong package password': 'nope-1234',
      'link secret': linkSecret,
      'demo API key': demo.apiKey,
    };
    const leaks: string[] = [];
    const scan = (where: string, text: string) => {
      for (const [what, secret] of Object.entries(secrets))
        if (text.includes(secret)) leaks.push(`${what} in ${where}`);
      if (JWT.test(text)) leaks.push(`a token (JWT) in ${where}`);
    };
    const written = filesUnder(
      home,
      new Set(['shoot', 'back', 'big.bin', 'diagnostics.zip'].map((n) => path.join(home, n))),
    );
    const names = written.map((f) => path.relative(home, f));
    expect(names).toEqual(
      expect.arrayContaining(['settings.json', 'history.json', 'logs/api.log']),
    );
    const entries = await unzipText(archive);
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['logs/api.log']));
    for (const [name, text] of entries) scan(`diagnostics.zip:${name}`, text);
    expect(names.some((n) => n.startsWith('journals/') && n.endsWith('.jsonl'))).toBe(true);
    for (const f of written) scan(f, readFileSync(f, 'latin1'));
    stderr.forEach((text, i) => scan(`stderr of command ${i}`, text));
    expect(leaks).toEqual([]);
  });
});
