import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatEta,
  formatPercent,
  progressLine,
  renderBar,
} from '../../../electron/cli/format';

const snap = {
  state: 'transferring' as const,
  bytesDone: 30 * 1024 * 1024,
  bytesTotal: 60 * 1024 * 1024,
  filesDone: 1,
  filesTotal: 3,
  rateBytesPerSecond: 2 * 1024 * 1024,
  etaSeconds: 15,
};

describe('format', () => {
  it('formats sizes with binary units and three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.00 MiB');
    expect(formatBytes(12.34 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5.00 TiB');
  });

  it('formats ETA and percent', () => {
    expect(formatEta(null)).toBe('--:--');
    expect(formatEta(5)).toBe('0:05');
    expect(formatEta(65.2)).toBe('1:06');
    expect(formatEta(3 * 3600 + 120)).toBe('3h02m');
    expect(formatEta(1e9)).toBe('>99h');
    expect(formatPercent(999, 1000)).toBe('99%');
    expect(formatPercent(1000, 1000)).toBe('100%');
    expect(formatPercent(0, 0)).toBe('0%');
  });

  it('draws a bar and a line that fits the terminal width', () => {
    expect(renderBar(5, 10, 10)).toBe('[#####-----]');
    expect(renderBar(20, 10, 4)).toBe('[####]');
    const wide = progressLine(snap, 120);
    expect(wide).toContain('50% 30.0 MiB/60.0 MiB 1/3 files 2.00 MiB/s ETA 0:15');
    expect(wide).toMatch(/^\[#{15}-{15}\] /);
    for (const cols of [20, 40, 60, 80]) expect(progressLine(snap, cols).length).toBeLessThan(cols);
    // At 80 columns the bar shrinks so the whole ETA still fits.
    expect(progressLine(snap, 80)).toMatch(/\] +50% .* ETA 0:15$/);
    expect(progressLine({ ...snap, state: 'paused' }, 120)).toMatch(/files paused$/);
  });
});
