// Pure formatting of sizes, rates, durations and the one-line progress display.
import { formatBytes, formatPercent, formatRate } from '../../shared/format';
import type { TransferSnapshot } from '../../shared/transfers';

export { formatBytes, formatPercent, formatRate } from '../../shared/format';

/** `m:ss` under an hour, `XhYYm` under 100 hours, `--:--` when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0)
    return '--:--';
  const s = Math.ceil(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  const h = Math.floor(s / 3600);
  if (h >= 100) return '>99h';
  return `${h}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function renderBar(done: number, total: number, width: number): string {
  const w = Math.max(0, width);
  const fraction = total <= 0 ? 0 : Math.min(1, Math.max(0, done / total));
  const full = Math.floor(fraction * w);
  return `[${'#'.repeat(full)}${'-'.repeat(w - full)}]`;
}

type Progress = Pick<
  TransferSnapshot,
  | 'state'
  | 'bytesDone'
  | 'bytesTotal'
  | 'filesDone'
  | 'filesTotal'
  | 'rateBytesPerSecond'
  | 'etaSeconds'
>;

/** Everything after the bar: `42% 12.0 MiB/60.0 MiB 3/7 files 4.00 MiB/s ETA 0:12`. */
function statsText(p: Progress): string {
  const moving = p.state === 'transferring';
  const rate = moving ? formatRate(p.rateBytesPerSecond) : p.state;
  const eta = moving ? ` ETA ${formatEta(p.etaSeconds)}` : '';
  return (
    `${formatPercent(p.bytesDone, p.bytesTotal).padStart(4)} ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}` +
    ` ${p.filesDone}/${p.filesTotal} files ${rate}${eta}`
  );
}

/** A TTY line that fits `columns` (the bar shrinks first, then the text is cut). */
export function progressLine(p: Progress, columns: number): string {
  const stats = statsText(p);
  // Brackets, one space, and the last column left free so the terminal never wraps.
  const barWidth = Math.min(30, columns - stats.length - 4);
  const line = barWidth >= 5 ? `${renderBar(p.bytesDone, p.bytesTotal, barWidth)} ${stats}` : stats;
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/** The non-TTY variant: no bar, a name prefix so interleaved logs stay readable. */
export function plainProgressLine(name: string, p: Progress): string {
  return `${name}: ${statsText(p)}`;
}
