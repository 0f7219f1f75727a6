// Starts the service the way `npm run emulator` does (a child process on OS-chosen ports), then
// runs the curl walkthrough of test/emulator/README.md exactly as printed there (only its temp
// paths are moved into this test's folder), so the documented lifecycle cannot silently rot.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');

function walkthrough(): string {
  const m = /```bash\n(E=\/tmp\/masv-emu\/emulator\.json\n[\s\S]*?)```/.exec(readme);
  if (!m?.[1]) throw new Error('README.md no longer has the curl walkthrough block');
  return m[1];
}

describe('README curl walkthrough', () => {
  let child: ChildProcess;
  let dir: string;
  let apiUrl: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'curl-walk-'));
    const tsx = path.resolve('node_modules/.bin/tsx');
    child = spawn(
      tsx,
      [
        'test/emulator/main.ts',
        '--api-port',
        '0',
        '--storage-port',
        '0',
        '--data-dir',
        path.join(dir, 'emu'),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout!.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: string) => {
        out += d;
        if (out.includes('Details as JSON')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`emulator exited early (${code}): ${out}`)));
    });
    apiUrl = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes the whole upload-to-ranged-download lifecycle with plain curl', async () => {
    const script = walkthrough()
      .replaceAll('/tmp/masv-emu', path.join(dir, 'emu'))
      .replaceAll('/tmp/walk', path.join(dir, 'walk'));
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      maxBuffer: 1 << 20,
    });
    expect(stdout).toContain('download: same bytes');
    expect(stdout).toContain('range: HTTP 206');
    expect(stdout).toContain('range: same bytes');
    expect(stdout).toMatch(/"state":"finalized"/);
    expect(stdout).toMatch(/curl\/demo\/walk\.bin/);
    expect(stdout).toMatch(new RegExp(`link: ${apiUrl}/[0-9A-Z]{26}\\?secret=`));
  });

  it('stops cleanly on SIGTERM, as Ctrl-C would', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
