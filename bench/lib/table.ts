// Markdown tables of summaries, with ratios against a named baseline row.
import type { Summary } from './results';

export interface Column {
  header: string;
  cell: (row: Summary, baseline: Summary | undefined) => string;
  /** Right-align numbers. */
  numeric?: boolean;
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/** "2.31×" — ours over theirs; n/a when either side failed. */
export function ratio(ours: number, theirs: number): string {
  return Number.isFinite(ours) && Number.isFinite(theirs) && theirs > 0
    ? `${(ours / theirs).toFixed(2)}×`
    : 'n/a';
}

export function markdownTable(
  rows: readonly Summary[],
  columns: readonly Column[],
  baselineName?: string,
): string {
  const baseline =
    baselineName === undefined ? undefined : rows.find((r) => r.name === baselineName);
  // A row whose every run failed keeps its name; its figures read "failed".
  const cells = rows.map((r) => {
    const failed = r.runs > 0 && r.failures === r.runs;
    return columns.map((c, i) => (failed && i > 0 ? 'failed' : c.cell(r, baseline)));
  });
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, 3, ...cells.map((row) => row[i]!.length)),
  );
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, i) => (columns[i]!.numeric ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (columns[i]!.numeric ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}

/** Failed runs are listed under the table so a "failed" cell always has its reason nearby. */
export function failureNotes(rows: readonly Summary[]): string[] {
  return rows
    .filter((r) => r.failures > 0)
    .map(
      (r) =>
        `- ${r.name}: ${r.failures} of ${r.runs} run(s) failed; first error: ${r.firstError ?? 'non-zero exit'}`,
    );
}
