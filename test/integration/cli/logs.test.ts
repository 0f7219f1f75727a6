// `masv logs` and `masv logs --export` through the built CLI, after a real upload and download
// against the local service: api.log holds route templates and never a key, token or secret.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { unzipText } from '../core/unzip';
import { buildCli, masv, tempHome } from './masv-process';

const PASSWORD = 'Pw-for-the-package-71';

describe('masv logs (built CLI, local service)', () => {
  let emu: Emulator;
  let home: string;
  let link = '';
  let env: Record<string, string>;
  const logsDir = () => path.join(home, 'logs');
  const apiLogText = () =>
    readdirSync(logsDir())
      .filter((f) => f.startsWith('api.log'))
      .map((f) => readFileSync(path.join(logsDir(), f), 'utf8'))
      .join('');
  const secrets = () => {
    const u = new URL(link);
    return [emu.demo.apiKey, u.searchParams.get('secret') ?? 'no-secret-in-link', PASSWORD];
  };

  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({ dataDir: path.join(home, 'service') });
    env = { MASV_API_KEY: emu.demo.apiKey };
    mkdirSync(path.join(home, 'work', 'cut'), { recursive: true });
    writeFileSync(path.join(home, 'work', 'cut', 'a.bin'), randomBytes(300 * 1024));
    writeFileSync(path.join(home, 'work', 'cut', 'b.txt'), 'notes\n');
    const up = await masv(
      [
        'upload',
        'work/cut',
        '--server',
        emu.apiUrl,
        '--password',
        PASSWORD,
        '--to',
        'r@example.test',
      ],
      { home, env },
    );
    expect(up.code, up.stderr).toBe(0);
    link = /^Link: +(\S+)$/m.exec(up.stdout)?.[1] ?? '';
    expect(link).toContain('secret=');
    const down = await masv(
      [
        'download',
        link,
        '--to',
        path.join(home, 'down'),
        '--password',
        PASSWORD,
        '--server',
        emu.apiUrl,
      ],
      { home },
    );
    expect(down.code, down.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await emu?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('api.log has one entry per request, as route templates, and no key, token, secret or password', () => {
    const text = apiLogText();
    const entries = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // Requests to the API and to storage, from both processes.
    const routes = new Set(entries.map((e) => `${e.method as string} ${e.route as string}`));
    expect(routes).toContain('POST /v1/packages/{id}/files');
    expect(routes).toContain('GET /v1/links/{id}');
    expect(routes).toContain('PUT /{object}');
    expect(
      entries.every((e) => typeof e.durationMs === 'number' && (e.attempt as number) >= 1),
    ).toBe(true);
    // The local storage names its requests (x-amz-request-id); the log keeps that id.
    expect(entries.some((e) => e.plane === 'storage' && typeof e.requestId === 'string')).toBe(
      true,
    );
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(
        expect.arrayContaining([
          'attempt',
          'durationMs',
          'method',
          'plane',
          'route',
          'status',
          'time',
        ]),
      );
      expect(String(e.route)).not.toContain('?');
    }
    for (const s of secrets()) expect(text).not.toContain(s);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // no JWT (package or user tokens)
    expect(text).not.toMatch(/x-api-key|x-package-token|authorization/i);
    // The package id from the link never appears either (ids stay out of routes).
    expect(text).not.toContain(new URL(link).pathname.split('/').pop()!);
    expect(statSync(path.join(logsDir(), 'api.log')).mode & 0o777).toBe(0o600);
    expect(statSync(logsDir()).mode & 0o777).toBe(0o700);
  });

  it('`masv logs` shows the newest entries as a table, -n limits them, --json gives the entries', async () => {
    const r = await masv(['logs', '-n', '5'], { home });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^TIME\s+METHOD\s+ROUTE\s+STATUS\s+TOOK\s+TRY\s+REQUEST-ID$/);
    expect(rows).toHaveLength(6);
    expect(
      rows.slice(1).every((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+[A-Z]+\s+\S/.test(l)),
    ).toBe(true);

    const j = await masv(['logs', '--json', '-n', '3'], { home });
    expect(j.code, j.stderr).toBe(0);
    const doc = JSON.parse(j.stdout) as { ok: boolean; logsDir: string; entries: unknown[] };
    expect(doc.ok).toBe(true);
    expect(doc.logsDir).toBe(logsDir());
    expect(doc.entries).toHaveLength(3);
    const all = apiLogText().trim().split('\n');
    expect(doc.entries).toEqual(all.slice(-3).map((l) => JSON.parse(l) as unknown));

    const bad = await masv(['logs', '-n', 'many'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('-n wants a whole number');
  });

  it('`masv logs --export` writes the diagnostics archive: logs, settings, transfers, versions, no secrets', async () => {
    // An old log line written before structural redaction, with secrets in fields and a URL.
    writeFileSync(
      path.join(logsDir(), 'app.log'),
      `${JSON.stringify({ level: 'warn', msg: `open ${link} failed`, headers: { 'X-Api-Key': emu.demo.apiKey }, password: PASSWORD })}\nplain line ${link}\n`,
      { mode: 0o600 },
    );
    const target = path.join(home, 'diag.zip');
    const r = await masv(['logs', '--export', 'diag.zip', '--json'], { home });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { path: string; files: string[] };
    expect(doc.path).toBe(target);
    expect(doc.files).toEqual(
      expect.arrayContaining([
        'logs/api.log',
        'logs/app.log',
        'settings.json',
        'transfers.json',
        'about.json',
      ]),
    );
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const zip = await unzipText(target);
    expect([...zip.keys()].sort()).toEqual([...doc.files].sort());
    expect(zip.get('logs/api.log')).toContain('"route":"/v1/packages/{id}/files"');
    expect(zip.get('logs/app.log')).toContain('"X-Api-Key":"[redacted]"');
    expect(zip.get('logs/app.log')).toContain('secret=[redacted]');
    expect(JSON.parse(zip.get('about.json')!)).toMatchObject({
      electron: null,
      node: process.versions.node,
    });
    expect(JSON.parse(zip.get('settings.json')!)).toHaveProperty('serverUrl');
    expect(JSON.parse(zip.get('transfers.json')!)).toEqual([]);
    const everything = [...zip.values()].join('\n');
    for (const s of secrets()) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);

    const human = await masv(['logs', '--export', path.join(home, 'diag2.zip')], { home });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`Diagnostics: ${path.join(home, 'diag2.zip')}`);
    const missing = await masv(
      ['logs', '--export', path.join(home, 'no', 'such', 'dir', 'd.zip')],
      {
        home,
      },
    );
    expect(missing.code).toBe(4);
  });

  it('help lists the command', async () => {
    const top = await masv(['--help'], { home });
    expect(top.stdout).toMatch(/^ {2}logs +show the recent API requests/m);
    const own = await masv(['logs', '--help'], { home });
    expect(own.stdout).toContain('-n, --lines N');
    expect(own.stdout).toContain('--export FILE');
  });
});
