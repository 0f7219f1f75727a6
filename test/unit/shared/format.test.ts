import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatPercent } from '../../../shared/format';

describe('shared formatting', () => {
  it('sizes in binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1023.9 * 1024)).toBe('1.00 MiB');
    expect(formatBytes(7 * 1024 ** 3)).toBe('7.00 GiB');
  });

  it('durations in words', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(4 * 60 + 10)).toBe('4 min');
    expect(formatDuration(80 * 60)).toBe('1 h 20 min');
    expect(formatDuration(2 * 3600)).toBe('2 h');
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe('3 d 4 h');
  });

  it('percent only reaches 100 when every byte is done', () => {
    expect(formatPercent(999, 1000)).toBe('99%');
    expect(formatPercent(1000, 1000)).toBe('100%');
  });
});
