// One client configuration ("case") and its runs, reduced to the figures the tables print.
import type { Measurement } from './measure';
import { GiB, median, minMax, MiB } from './stats';

export interface Sample {
  ok: boolean;
  wallSeconds: number;
  cpuSeconds: number;
  maxRssKiB: number;
  /** CPU the emulator process spent during this run (it shares the 2 cores with the client). */
  serverCpuSeconds: number;
  /** 1-minute load average when the run started: how busy the shared machine was. */
  loadAverage: number;
  /** Redacted reason when !ok. */
  error?: string;
}

export interface CaseResult {
  name: string;
  /** The exact command line, secrets excluded (they travel in config files and env). */
  command: string;
  bytes: number;
  files: number;
  samples: Sample[];
}

export interface Summary {
  name: string;
  runs: number;
  failures: number;
  mibPerSecond: number;
  mibPerSecondRange: [number, number];
  filesPerSecond: number;
  cpuSecondsPerGiB: number;
  cpuMillisecondsPerFile: number;
  maxRssMiB: number;
  serverCpuSecondsPerGiB: number;
  wallSeconds: number;
  loadAverage: number;
  firstError?: string;
}

export function sampleOf(
  m: Measurement,
  serverCpuSeconds: number,
  loadAverage: number,
  error?: string,
): Sample {
  return {
    loadAverage,
    ok: m.exitCode === 0 && error === undefined,
    wallSeconds: m.wallSeconds,
    cpuSeconds: m.cpuSeconds,
    maxRssKiB: m.maxRssKiB,
    serverCpuSeconds,
    ...(error === undefined ? {} : { error }),
  };
}

/** Medians over successful runs only; a case with no successful run prints as failed. */
export function summarize(c: CaseResult): Summary {
  const ok = c.samples.filter((s) => s.ok);
  const gib = c.bytes / GiB;
  const rates = ok.map((s) => c.bytes / MiB / s.wallSeconds);
  const firstError = c.samples.find((s) => !s.ok)?.error;
  return {
    name: c.name,
    runs: c.samples.length,
    failures: c.samples.length - ok.length,
    mibPerSecond: median(rates),
    mibPerSecondRange: minMax(rates),
    filesPerSecond: median(ok.map((s) => c.files / s.wallSeconds)),
    cpuSecondsPerGiB: median(ok.map((s) => s.cpuSeconds / gib)),
    cpuMillisecondsPerFile: median(ok.map((s) => (1000 * s.cpuSeconds) / c.files)),
    maxRssMiB: median(ok.map((s) => s.maxRssKiB / 1024)),
    serverCpuSecondsPerGiB: median(ok.map((s) => s.serverCpuSeconds / gib)),
    wallSeconds: median(ok.map((s) => s.wallSeconds)),
    loadAverage: median(c.samples.map((s) => s.loadAverage)),
    ...(firstError === undefined ? {} : { firstError }),
  };
}
