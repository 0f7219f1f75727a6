import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  effectiveLimits,
  ruleCovers,
  type BandwidthRule,
} from '../../../shared/schemas/settings';

const office: BandwidthRule = {
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  uploadBytesPerSecond: 1_000_000,
  downloadBytesPerSecond: 2_000_000,
};
const nights: BandwidthRule = {
  days: [5],
  start: '22:00',
  end: '06:00',
  uploadBytesPerSecond: null,
  downloadBytesPerSecond: null,
};

/** A local date in the week of Monday 2026-11-30. */
const at = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(2026, 10, 29 + day, h, m);
};

describe('bandwidth schedule', () => {
  it('covers office hours on weekdays, start inclusive and end exclusive', () => {
    expect(ruleCovers(office, 1, 9 * 60)).toBe(true);
    expect(ruleCovers(office, 1, 17 * 60 + 59)).toBe(true);
    expect(ruleCovers(office, 1, 18 * 60)).toBe(false);
    expect(ruleCovers(office, 0, 12 * 60)).toBe(false);
  });

  it('runs a window past midnight into the next day', () => {
    expect(ruleCovers(nights, 5, 23 * 60)).toBe(true);
    expect(ruleCovers(nights, 6, 5 * 60 + 59)).toBe(true);
    expect(ruleCovers(nights, 6, 6 * 60)).toBe(false);
    expect(ruleCovers(nights, 5, 5 * 60)).toBe(false);
  });

  it('the first covering rule sets the limits; outside every rule the plain limits apply', () => {
    const s = {
      ...DEFAULT_SETTINGS,
      uploadLimitBytesPerSecond: 5_000_000,
      bandwidthSchedule: [office, nights],
    };
    expect(at(1, '10:00').getDay()).toBe(1);
    expect(effectiveLimits(s, at(1, '10:00'))).toMatchObject({
      uploadBytesPerSecond: 1_000_000,
      downloadBytesPerSecond: 2_000_000,
      rule: office,
    });
    expect(effectiveLimits(s, at(1, '20:00'))).toEqual({
      uploadBytesPerSecond: 5_000_000,
      downloadBytesPerSecond: null,
      rule: undefined,
    });
    expect(effectiveLimits(s, at(6, '01:00')).rule).toBe(nights);
  });
});
