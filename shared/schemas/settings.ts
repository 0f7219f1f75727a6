// The user's settings: one schema with defaults, shared by the app (electron-store), the CLI and
// the tests (conf), and the window's settings form. Pure: no Node built-ins. The schema is strict,
// so a key that is not listed (an API key pasted into the file, say) can never be stored.
import { z } from 'zod';
import { checkApiUrl } from '../api-url';

const MIB = 1024 * 1024;
/** S3's bounds for a non-final part (masv-api.md §2.0). */
export const MIN_CHUNK_SIZE = 5 * MIB;
export const MAX_CHUNK_SIZE = 5 * 1024 * MIB;
export const DEFAULT_SERVER_URL = 'https://api.massive.app';
/** Settings files carry this; older files are migrated on read (electron/services/settings.ts). */
export const SETTINGS_VERSION = 2;

export const OnConflict = z.enum(['rename', 'skip', 'overwrite']);
export type OnConflict = z.infer<typeof OnConflict>;

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

const rate = z.number().int().positive().nullable();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

/** A window of the week with its own limits, e.g. office hours on weekdays. */
export const BandwidthRule = z.object({
  /** 0 = Sunday … 6 = Saturday. */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  start: clock,
  /** Exclusive; an end before the start runs past midnight. */
  end: clock,
  uploadBytesPerSecond: rate,
  downloadBytesPerSecond: rate,
});
export type BandwidthRule = z.infer<typeof BandwidthRule>;

export const Settings = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  /** https, or plain http to a loopback address only (shared/api-url.ts). */
  serverUrl: z
    .url({ protocol: /^https?$/ })
    .refine((u) => checkApiUrl(u).ok, 'plain http is allowed only for a loopback address'),
  /** The team used for uploads; set at sign-in from the server's team list. */
  teamId: z.string().min(1).nullable(),
  teamName: z.string().nullable(),
  /** PEM file of a private CA (the local service over TLS); a path, never the key material. */
  caFile: z.string().min(1).nullable(),
  chunkSizeBytes: z.number().int().min(MIN_CHUNK_SIZE).max(MAX_CHUNK_SIZE),
  partConcurrency: z.number().int().min(1).max(64),
  uploadLimitBytesPerSecond: rate,
  downloadLimitBytesPerSecond: rate,
  /** Limits that replace the two above during their windows of the week. */
  bandwidthSchedule: z.array(BandwidthRule).max(20),
  /**
   * Compare each part's ETag with an MD5 computed while reading. Off by default: it doubles the
   * client's CPU per GiB (measured by bench/upload.ts), and TLS already protects bytes in transit.
   */
  integrityCheck: z.boolean(),
  onConflict: OnConflict,
  downloadFolder: z.string().min(1).nullable(),
  /** Tell the user (system notification) when a transfer completes or fails. */
  notifications: z.boolean(),
  /** Closing the window keeps the app (and its transfers) running in the tray. */
  closeToTray: z.boolean(),
  /** Start with the system, hidden in the tray. */
  launchAtLogin: z.boolean(),
  theme: Theme,
});
export type Settings = z.infer<typeof Settings>;

/**
 * Parts in flight, shared by every transfer: the one default the engine, `masv config`, `--help`
 * and the window use. Uploads tie with 4 in the sweep of bench/upload.ts; downloads and small
 * files gain 10–15% at 8 (bench/download.ts with --concurrency 8).
 */
export const DEFAULT_PART_CONCURRENCY = 8;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  serverUrl: DEFAULT_SERVER_URL,
  teamId: null,
  teamName: null,
  caFile: null,
  chunkSizeBytes: 100 * MIB,
  partConcurrency: DEFAULT_PART_CONCURRENCY,
  uploadLimitBytesPerSecond: null,
  downloadLimitBytesPerSecond: null,
  bandwidthSchedule: [],
  integrityCheck: false,
  onConflict: 'rename',
  downloadFolder: null,
  notifications: true,
  closeToTray: true,
  launchAtLogin: false,
  theme: 'system',
};

export const SettingsPatch = Settings.omit({ version: true }).partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export interface EffectiveLimits {
  uploadBytesPerSecond: number | null;
  downloadBytesPerSecond: number | null;
  /** The rule in force, when one is. */
  rule: BandwidthRule | undefined;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a rule covers this local day and minute (rules past midnight belong to their start day). */
export function ruleCovers(rule: BandwidthRule, day: number, minute: number): boolean {
  const start = minutes(rule.start);
  const end = minutes(rule.end);
  if (start === end) return rule.days.includes(day);
  if (start < end) return rule.days.includes(day) && minute >= start && minute < end;
  const yesterday = (day + 6) % 7;
  return (
    (rule.days.includes(day) && minute >= start) || (rule.days.includes(yesterday) && minute < end)
  );
}

/** The limits in force at a moment: the first rule that covers it, else the plain limits. */
export function effectiveLimits(s: Settings, at: Date): EffectiveLimits {
  const minute = at.getHours() * 60 + at.getMinutes();
  const rule = s.bandwidthSchedule.find((r) => ruleCovers(r, at.getDay(), minute));
  return rule
    ? {
        uploadBytesPerSecond: rule.uploadBytesPerSecond,
        downloadBytesPerSecond: rule.downloadBytesPerSecond,
        rule,
      }
    : {
        uploadBytesPerSecond: s.uploadLimitBytesPerSecond,
        downloadBytesPerSecond: s.downloadLimitBytesPerSecond,
        rule: undefined,
      };
}
