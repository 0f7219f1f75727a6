// `npm run emulator` as a user runs it, stopped the way a terminal or a process manager stops
// the npm wrapper: SIGINT to npm alone must stop the service and leave no process behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'npm-run-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** True while any process of the group is alive (a zombie counts until it is reaped). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run emulator', () => {
  it('stops the service and every child when npm gets SIGINT', async () => {
    // Its own process group, so the test can tell whether anything it started survived.
    const npm = spawn(
      'npm',
      ['run', 'emulator', '--', '--api-port', '0', '--storage-port', '0', '--data-dir', dir],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const pgid = npm.pid ?? 0;
    let out = '';
    npm.stdout.setEncoding('utf8');
    npm.stderr.setEncoding('utf8');
    npm.stderr.on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        npm.stdout.on('data', (d: string) => {
          out += d;
          if (out.includes('Details as JSON')) resolve();
        });
        npm.once('exit', (code) => reject(new Error(`npm exited early (${code}): ${out}`)));
      });
      const apiUrl = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
      expect((await fetch(`${apiUrl}/v1/system/packages/spec`)).status).toBe(200);

      process.kill(pgid, 'SIGINT');
      // Bounded, so the clean-up below runs even when npm never exits.
      const code = await Promise.race([
        exited,
        new Promise<string>((r) => setTimeout(() => r('still running after 15 s'), 15_000)),
      ]);
      expect(code, out).toBe(0);
      const deadline = Date.now() + 10_000;
      while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(groupAlive(pgid), out).toBe(false);
      expect(out).toContain('emulator: SIGINT, stopping');
      await expect(fetch(`${apiUrl}/v1/system/packages/spec`)).rejects.toThrow();
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  });
});
