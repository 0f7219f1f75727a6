// Runs several cases N times each, round-robin (run 1 of every case, then run 2 …), so a burst
// of load from elsewhere on the machine spreads over all clients instead of hitting one.
import { loadavg } from 'node:os';
import type { Measurement } from './measure';
import { measure, tail } from './measure';
import { redactSecrets } from './redact';
import type { CaseResult } from './results';
import { sampleOf } from './results';
import { MiB } from './stats';

export interface Invocation {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface BenchCase {
  name: string;
  /** Printed as-is; must not contain secrets. */
  display: string;
  bytes: number;
  files: number;
  invocation(run: number): Invocation | Promise<Invocation>;
  /** A reason the run does not count (wrong size, JSON says not ok…), or undefined. */
  check?(m: Measurement, run: number): string | undefined | Promise<string | undefined>;
  /** Not timed: delete downloaded files, sync… */
  afterRun?(run: number): void | Promise<void>;
}

export interface RunnerOptions {
  runs: number;
  serverCpuSeconds: () => number;
  timeoutMs: number;
  label: string;
  /** Secrets to scrub from error text (API key, S3 secret). */
  secrets: readonly string[];
}

export async function runCases(
  cases: readonly BenchCase[],
  o: RunnerOptions,
): Promise<CaseResult[]> {
  const results = cases.map<CaseResult>((c) => ({
    name: c.name,
    command: c.display,
    bytes: c.bytes,
    files: c.files,
    samples: [],
  }));
  for (let r = 1; r <= o.runs; r++) {
    // Each round starts one case later, so whatever a slot suffers falls on every client in turn.
    // Seen in bench:download with a fixed order (three runs of 3 rounds): the same masv command
    // ran at 317-608 MiB/s (median 397) in the first slot and 516-723 (median 592) in the second.
    for (const i of rotation(cases.length, r - 1)) {
      const c = cases[i]!;
      const result = results[i]!;
      const inv = await c.invocation(r);
      const load = loadavg()[0] ?? NaN;
      const cpuBefore = o.serverCpuSeconds();
      const m = await measure(inv.command, inv.args, {
        env: inv.env,
        timeoutMs: o.timeoutMs,
        ...(inv.cwd ? { cwd: inv.cwd } : {}),
      });
      const serverCpu = o.serverCpuSeconds() - cpuBefore;
      let error: string | undefined;
      if (m.exitCode !== 0) {
        error = `exit ${m.exitCode}: ${tail(m.stderr || m.stdout, 400)}`;
      } else if (c.check) {
        error = await c.check(m, r);
      }
      if (error !== undefined) error = redactSecrets(error, o.secrets).replace(/\s+/g, ' ');
      result.samples.push(sampleOf(m, serverCpu, load, error));
      const rate =
        c.files > 1
          ? `${(c.files / m.wallSeconds).toFixed(0)} files/s`
          : `${(c.bytes / MiB / m.wallSeconds).toFixed(1)} MiB/s`;
      console.error(
        `[${o.label}] ${c.name} run ${r}/${o.runs}: ${error === undefined ? rate : `FAILED (${error.slice(0, 200)})`}` +
          `, ${m.wallSeconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU (user ${m.userSeconds.toFixed(2)}, sys ${m.sysSeconds.toFixed(2)}), ${(m.maxRssKiB / 1024).toFixed(0)} MiB RSS, server ${serverCpu.toFixed(2)} s CPU, load ${load.toFixed(1)}`,
      );
      if (c.afterRun) await c.afterRun(r);
    }
  }
  return results;
}

/** 0..n-1 starting at `shift` (mod n), wrapping around. */
export function rotation(n: number, shift: number): number[] {
  return Array.from({ length: n }, (_, k) => (k + shift) % n);
}
