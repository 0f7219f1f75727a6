// Runs the BUILT `masv` (bin/masv.js → out/cli/cli.js) as a real child process.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'masv.js');

/**
 * Builds out/cli/cli.js when a source is newer than the last build. Test files run in parallel
 * workers; a rebuild while another file is running `masv` would swap the bundle under it, so
 * workers take a lock folder and only the first one of a run finds the build out of date.
 */
export async function buildCli(): Promise<void> {
  const outDir = path.join(ROOT, 'out', 'cli');
  const marker = path.join(outDir, '.test-build-stamp');
  const lock = path.join(ROOT, 'out', '.cli-build-lock');
  mkdirSync(path.dirname(lock), { recursive: true });
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
    const cli = path.join(outDir, 'cli.js');
    if (stamp !== undefined && existsSync(cli) && newestSource() < stamp.mtimeMs) return;
    const started = new Date();
    execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT, stdio: 'pipe' });
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
  timeoutMs?: number;
}

export function spawnMasv(args: string[], o: MasvOptions): ChildProcess {
  const env: Record<string, string | undefined> = { ...process.env, MASV_HOME: o.home, ...o.env };
  // A test's own MASV_API_KEY would hide the keychain path under test.
  if (o.env?.MASV_API_KEY === undefined) delete env.MASV_API_KEY;
  return spawn(process.execPath, [BIN, ...args], {
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
