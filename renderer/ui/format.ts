// Figures for the window: the shared formatter (the same words as the CLI and notifications),
// plus the two helpers only the window needs.
import { formatBytes, formatDuration, formatRate } from '../../shared/format';

export { formatBytes, formatRate };

/** "12 s", "4 min", "1 h 20 min"; an em dash when unknown. */
export const formatEta = formatDuration;

/** Floored, so 100 % shows only when every byte is there. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return done > 0 ? 100 : 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
