import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeForError, ExitCode } from '../../../electron/cli/exit-codes';
import { runCli } from '../../../electron/cli/run';
import { testEnv } from './cli-harness';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});
function env(overrides = {}) {
  const e = testEnv(overrides);
  homes.push(e.home);
  return e;
}

describe('runCli', () => {
  it('prints help and version with exit 0', async () => {
    const e = env();
    expect(await runCli(['--help'], e)).toBe(0);
    expect(e.stdout.text).toContain('Usage: masv <command>');
    expect(e.stdout.text).toContain('130  interrupted by Ctrl-C');
    const v = env();
    expect(await runCli(['--version'], v)).toBe(0);
    expect(v.stdout.text).toBe('masv 9.9.9\n');
    const c = env();
    expect(await runCli(['upload', '--help'], c)).toBe(0);
    expect(c.stdout.text).toContain('--limit-rate RATE');
  });

  it('rejects an unknown flag with one line on stderr and exit 2', async () => {
    const e = env();
    expect(await runCli(['whoami', '--frobnicate'], e)).toBe(ExitCode.usage);
    expect(e.stderr.text).toBe("masv: unknown option '--frobnicate' (see masv whoami --help)\n");
    expect(e.stdout.text).toBe('');
  });

  it('writes one JSON failure document with --json', async () => {
    const e = env();
    expect(await runCli(['whoami', '--json', '--nope'], e)).toBe(2);
    expect(JSON.parse(e.stdout.text)).toEqual({
      ok: false,
      error: { code: 'usage', message: "unknown option '--nope'" },
      exitCode: 2,
    });
  });

  it('reports "not logged in" with exit 3 before any network call', async () => {
    const e = env();
    expect(await runCli(['whoami', '--server', 'http://127.0.0.1:9'], e)).toBe(ExitCode.auth);
    expect(e.stderr.text).toMatch(
      /^masv: not logged in to http:\/\/127\.0\.0\.1:9; run `masv login/,
    );
  });

  it('refuses contradictory login options', async () => {
    const e = env();
    expect(await runCli(['login', '--api-key', 'k', '--email', 'a@b.c'], e)).toBe(2);
    expect(e.stderr.text).toContain('either --api-key or --email');
    const n = env();
    expect(await runCli(['login'], n)).toBe(2);
  });

  it('maps error codes to documented exit codes', () => {
    expect(exitCodeForError('auth-rejected')).toBe(3);
    expect(exitCodeForError('password-invalid')).toBe(3);
    expect(exitCodeForError('link-unavailable')).toBe(4);
    expect(exitCodeForError('portal-not-found')).toBe(4);
    expect(exitCodeForError('aborted')).toBe(5);
    expect(exitCodeForError('network')).toBe(1);
    expect(exitCodeForError('invalid-input')).toBe(2);
  });
});
