// Chunk size × concurrency sweep of our CLI on the big file, and the default it points to.
import type { MasvCli } from './clients';
import { LOAD_COLUMN } from './report';
import type { Summary } from './results';
import { summarize } from './results';
import type { RunnerOptions } from './runner';
import { runCases } from './runner';
import { failureNotes, fmt, markdownTable, ratio } from './table';
import type { Column } from './table';
import { masvUploadCase } from './upload-cases';

export interface SweepOptions {
  cli: MasvCli;
  source: string;
  bytes: number;
  chunksMiB: number[];
  concurrencies: number[];
  /** The CLI's shipped defaults (electron/services/settings.ts), marked in the table. */
  defaults: { chunkMiB: number; concurrency: number };
  runner: Omit<RunnerOptions, 'label'>;
}

interface Point {
  chunkMiB: number;
  concurrency: number;
  summary: Summary;
}

/** Even on a quiet machine, medians closer than this are not told apart. */
const MIN_TIE_BAND = 0.05;
const RSS_LIMIT_MIB = 200;

export async function printSweep(o: SweepOptions): Promise<void> {
  const grid = o.chunksMiB.flatMap((chunkMiB) =>
    o.concurrencies.map((concurrency) => ({ chunkMiB, concurrency })),
  );
  const isDefault = (g: { chunkMiB: number; concurrency: number }): boolean =>
    g.chunkMiB === o.defaults.chunkMiB && g.concurrency === o.defaults.concurrency;
  const cases = grid.map((g) =>
    masvUploadCase(
      `${label(g.chunkMiB, g.concurrency)}${isDefault(g) ? ' (current default)' : ''}`,
      o.cli,
      o.source,
      o.bytes,
      1,
      g,
    ),
  );
  const results = await runCases(cases, { ...o.runner, label: 'sweep' });
  const points: Point[] = grid.map((g, i) => ({ ...g, summary: summarize(results[i]!) }));
  const best = fastest(points);

  console.log(
    `\n## Sweep: masv upload of the big file, --chunk-size × --concurrency (ratios vs the fastest median)\n`,
  );
  const columns: Column[] = [
    { header: '--chunk-size × --concurrency', cell: (r) => r.name },
    { header: 'median MiB/s', numeric: true, cell: (r) => fmt(r.mibPerSecond) },
    {
      header: 'vs fastest',
      numeric: true,
      cell: (r, b) => (b ? ratio(r.mibPerSecond, b.mibPerSecond) : 'n/a'),
    },
    {
      header: 'min–max MiB/s',
      numeric: true,
      cell: (r) => `${fmt(r.mibPerSecondRange[0])}–${fmt(r.mibPerSecondRange[1])}`,
    },
    { header: 'CPU s/GiB', numeric: true, cell: (r) => fmt(r.cpuSecondsPerGiB, 2) },
    { header: 'peak RSS MiB', numeric: true, cell: (r) => fmt(r.maxRssMiB, 0) },
    { header: 'server CPU s/GiB', numeric: true, cell: (r) => fmt(r.serverCpuSecondsPerGiB, 2) },
    { header: 'ok runs', numeric: true, cell: (r) => `${r.runs - r.failures}/${r.runs}` },
    LOAD_COLUMN,
  ];
  const rows = points.map((p) => p.summary);
  console.log(markdownTable(rows, columns, best?.summary.name));
  const notes = failureNotes(rows);
  if (notes.length > 0) console.log(`\nFailures:\n${notes.join('\n')}`);
  console.log(
    `\nCommand: \`${cases[0]?.display ?? ''}\` (with each --chunk-size/--concurrency of the table)`,
  );
  console.log(
    `Current default: --chunk-size ${o.defaults.chunkMiB}M --concurrency ${o.defaults.concurrency} (electron/services/settings.ts).`,
  );
  console.log(recommendation(points, best));
}

function label(chunkMiB: number, concurrency: number): string {
  return `${chunkMiB}M × ${concurrency}`;
}

function fastest(points: readonly Point[]): Point | undefined {
  return points
    .filter((p) => Number.isFinite(p.summary.mibPerSecond))
    .reduce<Point | undefined>(
      (a, p) => (a === undefined || p.summary.mibPerSecond > a.summary.mibPerSecond ? p : a),
      undefined,
    );
}

/**
 * Speed ties are decided by the noise the fastest point itself showed: any point whose median
 * reaches the fastest point's slowest run (or is within MIN_TIE_BAND of it) is as fast as far as
 * this machine can tell. Among those, under the RSS limit, the lowest CPU per GiB wins, then the
 * least data in flight (chunk × concurrency: less to resend after a failure).
 */
export function recommendation(points: readonly Point[], best: Point | undefined): string {
  if (!best) return '\nRecommended default: none (every sweep point failed).';
  const floor = Math.min(
    best.summary.mibPerSecondRange[0],
    best.summary.mibPerSecond * (1 - MIN_TIE_BAND),
  );
  const candidates = points
    .filter((p) => p.summary.mibPerSecond >= floor && p.summary.maxRssMiB < RSS_LIMIT_MIB)
    .sort(
      (a, b) =>
        a.summary.cpuSecondsPerGiB - b.summary.cpuSecondsPerGiB ||
        a.chunkMiB * a.concurrency - b.chunkMiB * b.concurrency,
    );
  const pick = candidates[0];
  if (!pick) {
    return `\nRecommended default: none under ${RSS_LIMIT_MIB} MiB RSS; the fastest was ${best.summary.name} at ${fmt(best.summary.maxRssMiB, 0)} MiB.`;
  }
  const tied = candidates.map((c) => c.summary.name).join(', ');
  return (
    `\nRecommended default (from these figures): --chunk-size ${pick.chunkMiB}M --concurrency ${pick.concurrency} ` +
    `(median ${fmt(pick.summary.mibPerSecond)} MiB/s, ${fmt(pick.summary.cpuSecondsPerGiB, 2)} CPU s/GiB, ` +
    `${fmt(pick.summary.maxRssMiB, 0)} MiB RSS). Rule: the fastest median is ${best.summary.name} ` +
    `(${fmt(best.summary.mibPerSecond)} MiB/s, slowest run ${fmt(best.summary.mibPerSecondRange[0])}); points whose ` +
    `median reaches ${fmt(floor)} MiB/s count as tied [${tied}]; among them, under ${RSS_LIMIT_MIB} MiB RSS, ` +
    'the lowest CPU per GiB wins, then the least data in flight. Loopback hides latency: on a real WAN ' +
    'link more parts in flight usually pay off, so treat concurrency here as a floor.'
  );
}
