// Text shared by both benchmarks: the machine line, the caveats, targets and column sets.
import { cpus, loadavg, totalmem } from 'node:os';
import type { MasvCli } from './clients';
import { measure } from './measure';
import type { Column } from './table';
import { fmt, ratio } from './table';
import type { Summary } from './results';

export function machineLines(runs: number): string[] {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return [
    `Date: ${new Date().toISOString()}  Node ${process.version}  ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    `Load average at start: ${load}. Runs per case: ${runs} (median of each figure; BENCH_RUNS to change).`,
  ];
}

export const MEASUREMENT_NOTES = [
  'How figures are taken: each client runs as a child of GNU time (`/usr/bin/time -f "%e %U %S %M"`).',
  'Wall time is timed by the harness around the child; CPU = user + sys of the client including any',
  "children it reaped; peak RSS is GNU time's %M, the max RSS of the waited process. Every client",
  'here is one process (our CLI is one node process; rclone, aws-cli, curl and aria2c are single',
  'processes), so %M is the whole client. The emulator runs as a separate child process',
  '(test/emulator/main.ts under tsx); its CPU is read from /proc and shown as "server CPU s/GiB" —',
  'it shares the 2 cores with the client, so a client that makes the server work harder (e.g.',
  'SigV4 payload hashing) pays for it in wall time. The harness itself idles while a client runs.',
];

export function loadCaveat(): string {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return (
    `Caveat: shared 2-core machine; other work (tests of other helpers) may run at the same time. ` +
    `Load average at end: ${load}. Cases run round-robin, each round starting one case later, so such load spreads over all clients.`
  );
}

/** The machine is shared; this shows how busy it was while each row ran. */
export const LOAD_COLUMN: Column = {
  header: 'load avg',
  numeric: true,
  cell: (r) => fmt(r.loadAverage),
};

export function throughputColumns(mode: 'bytes' | 'files', baseline: string): Column[] {
  const rate: Column =
    mode === 'bytes'
      ? { header: 'MiB/s', numeric: true, cell: (r) => fmt(r.mibPerSecond) }
      : { header: 'files/s', numeric: true, cell: (r) => fmt(r.filesPerSecond, 0) };
  const rateRatio: Column = {
    header: `speed vs ${baseline}`,
    numeric: true,
    cell: (r, b) =>
      b === undefined
        ? 'n/a'
        : mode === 'bytes'
          ? ratio(r.mibPerSecond, b.mibPerSecond)
          : ratio(r.filesPerSecond, b.filesPerSecond),
  };
  return [
    { header: 'client', cell: (r) => r.name },
    rate,
    rateRatio,
    {
      header: 'min–max MiB/s',
      numeric: true,
      cell: (r) => `${fmt(r.mibPerSecondRange[0])}–${fmt(r.mibPerSecondRange[1])}`,
    },
    { header: 'wall s', numeric: true, cell: (r) => fmt(r.wallSeconds, 2) },
    { header: 'CPU s/GiB', numeric: true, cell: (r) => fmt(r.cpuSecondsPerGiB, 2) },
    {
      header: `CPU vs ${baseline}`,
      numeric: true,
      cell: (r, b) => (b === undefined ? 'n/a' : ratio(r.cpuSecondsPerGiB, b.cpuSecondsPerGiB)),
    },
    ...(mode === 'files'
      ? [
          {
            header: 'CPU ms/file',
            numeric: true,
            cell: (r: Summary) => fmt(r.cpuMillisecondsPerFile, 2),
          },
        ]
      : []),
    { header: 'peak RSS MiB', numeric: true, cell: (r) => fmt(r.maxRssMiB, 0) },
    { header: 'server CPU s/GiB', numeric: true, cell: (r) => fmt(r.serverCpuSecondsPerGiB, 2) },
    { header: 'ok runs', numeric: true, cell: (r) => `${r.runs - r.failures}/${r.runs}` },
    LOAD_COLUMN,
  ];
}

/** "≥ 3× aws-cli: 2.41× (not met)" — printed next to the figures; nothing is asserted. */
export function targetLine(
  label: string,
  value: number,
  goal: number,
  direction: 'at-least' | 'at-most' | 'below',
  unit = '×',
): string {
  if (!Number.isFinite(value)) return `- ${label}: n/a (a client failed)`;
  const met =
    direction === 'at-least'
      ? value >= goal
      : direction === 'at-most'
        ? value <= goal
        : value < goal;
  return `- ${label}: measured ${value.toFixed(2)}${unit} — ${met ? 'met' : 'NOT met'}`;
}

export function find(rows: readonly Summary[], name: string): Summary | undefined {
  return rows.find((r) => r.name === name);
}

/** What merely starting our CLI costs (node + the bundle), to read short runs against. */
export async function startupLine(cli: MasvCli): Promise<string> {
  const m = await measure(cli.command, [...cli.baseArgs, '--version'], {
    env: cli.freshEnv(),
    timeoutMs: 60_000,
  });
  return `masv start-up alone (\`masv --version\`): ${m.wallSeconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU, ${(m.maxRssKiB / 1024).toFixed(0)} MiB RSS (included in every masv figure).`;
}
