// Runs one client command as a child of GNU time and returns wall time, CPU and peak RSS.
// The harness never does the measured work itself: every client is its own process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redactSecrets } from './redact';

export const GNU_TIME = '/usr/bin/time';
/** %e wall, %U user CPU, %S system CPU (both include reaped children), %M peak RSS in KiB. */
const TIME_FORMAT = '%e %U %S %M';

export interface Measurement {
  /** Wall seconds, timed by the harness around the child (finer than GNU time's %e). */
  wallSeconds: number;
  userSeconds: number;
  sysSeconds: number;
  /** user + sys. */
  cpuSeconds: number;
  /** GNU time's %M: the maximum resident set of the waited child, KiB. */
  maxRssKiB: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the client after this long; a stuck client must not stall the whole benchmark. */
  timeoutMs?: number;
}

/** A fatal set-up problem, not a measurement: the lead should see it before any figure. */
export function requireGnuTime(): void {
  if (!existsSync(GNU_TIME)) {
    throw new Error(
      `${GNU_TIME} is missing: install the Debian package "time" (scripts/setup-system.sh lists it)`,
    );
  }
}

const running = new Set<number>();
let stopping = false;
let scratchDir = tmpdir();

/** GNU time's output files go here (the workspace, so an interrupted run leaves nothing behind). */
export function useScratchDir(dir: string): void {
  scratchDir = dir;
}

/**
 * Kills clients still running when the harness is interrupted (called from the cleanup hook),
 * and refuses to start new ones: clean-up is async and the run loop must not carry on meanwhile.
 */
export function killRunningClients(): void {
  stopping = true;
  for (const pid of running) {
    try {
      // Each child leads its own process group: GNU time and the client it waits for die together.
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

export async function measure(
  command: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<Measurement> {
  const outDir = mkdtempSync(path.join(scratchDir, 'bench-time-'));
  const timeFile = path.join(outDir, 'time.txt');
  try {
    const started = process.hrtime.bigint();
    const { code, stdout, stderr } = await runChild(
      GNU_TIME,
      ['-o', timeFile, '-f', TIME_FORMAT, command, ...args],
      opts,
    );
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    // GNU time writes "Command exited with non-zero status N" before the figures on failure.
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const fields = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
    const [, user = NaN, sys = NaN, rss = NaN] = fields;
    return {
      wallSeconds,
      userSeconds: user,
      sysSeconds: sys,
      cpuSeconds: user + sys,
      maxRssKiB: rss,
      exitCode: code,
      stdout,
      stderr,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Runs a helper command (not measured); rejects with its redacted stderr on a non-zero exit. */
export async function run(
  command: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<string> {
  const r = await runChild(command, args, opts);
  if (r.code !== 0) {
    throw new Error(
      `${path.basename(command)} exited with ${r.code}: ${tail(redactSecrets(r.stderr || r.stdout))}`,
    );
  }
  return r.stdout;
}

export function tail(text: string, max = 600): string {
  const t = text.trim();
  return t.length <= max ? t : `…${t.slice(t.length - max)}`;
}

/** Output is kept bounded: clients with progress bars can print megabytes. */
const MAX_CAPTURE = 1 << 20;

function runChild(
  command: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  if (stopping) return Promise.reject(new Error('the benchmark is stopping'));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: opts.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid !== undefined) running.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-MAX_CAPTURE);
    });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            stderr += `\n[bench] killed after ${opts.timeoutMs} ms`;
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          }, opts.timeoutMs);
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
