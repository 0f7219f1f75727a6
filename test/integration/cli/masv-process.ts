// Runs the BUILT `masv` CLI bundle (what bin/masv.js starts) as a real child process.
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The tests' own build of the CLI: never the working tree's out/, which belongs to the user's
 * `npm run build`. One folder per checkout under the OS temp dir (per test run under `npm test`,
 * which gives each run its own TMPDIR), with node_modules linked beside it so keytar resolves.
 */
const BUILD_DIR = path.join(
  tmpdir(),
  `masv-test-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`,
);
const CLI = path.join(BUILD_DIR, 'out', 'cli', 'cli.js');

/**
 * Builds the CLI when a source is newer than the last build. Test files run in parallel
 * workers; a rebuild while another file is running `masv` would swap the bundle under it, so
 * workers take a lock folder and only the first one of a run finds the build out of date.
 */
export async function buildCli(): Promise<void> {
  const marker = path.join(BUILD_DIR, '.test-build-stamp');
  const lock = path.join(BUILD_DIR, '.cli-build-lock');
  mkdirSync(BUILD_DIR, { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('timed out waiting for the CLI build lock');
      // A lock left by a crashed run is stale after two minutes.
      const st = statSync(lock, { throwIfNoEntry: false });
      if (st !== undefined && Date.now() - st.mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    const stamp = statSync(marker, { throwIfNoEntry: false });
    if (stamp !== undefined && existsSync(CLI) && newestSource() < stamp.mtimeMs) return;
    const started = new Date();
    if (!existsSync(path.join(BUILD_DIR, 'node_modules')))
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(BUILD_DIR, 'node_modules'), 'dir');
    execFileSync(
      process.execPath,
      ['scripts/build-node.mjs', '--out-dir', path.join(BUILD_DIR, 'out')],
      { cwd: ROOT, stdio: 'pipe' },
    );
    writeFileSync(marker, '');
    // Stamp with the build's start, so an edit made during the build still counts as newer.
    utimesSync(marker, started, started);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function newestSource(): number {
  let newest = statSync(path.join(ROOT, 'package.json')).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(abs).mtimeMs);
    }
  };
  walk(path.join(ROOT, 'electron'));
  walk(path.join(ROOT, 'shared'));
  return newest;
}

export function tempHome(): string {
  return mkdtempSync(path.join(tmpdir(), 'masv-cli-it-'));
}

export interface MasvResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface MasvOptions {
  home: string;
  input?: string;
  env?: Record<string, string>;
  /** Variables to remove from the inherited environment (e.g. the D-Bus session address). */
  unsetEnv?: string[];
  timeoutMs?: number;
}

export function spawnMasv(args: string[], o: MasvOptions): ChildProcess {
  const env: Record<string, string | undefined> = { ...process.env, MASV_HOME: o.home, ...o.env };
  // A test's own MASV_API_KEY would hide the keychain path under test.
  if (o.env?.MASV_API_KEY === undefined) delete env.MASV_API_KEY;
  for (const name of o.unsetEnv ?? []) delete env[name];
  return spawn(process.execPath, [CLI, ...args], {
    cwd: o.home,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<MasvResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`masv timed out; stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export async function masv(args: string[], o: MasvOptions): Promise<MasvResult> {
  const child = spawnMasv(args, o);
  child.stdin?.end(o.input ?? '');
  return collect(child, o.timeoutMs);
}
