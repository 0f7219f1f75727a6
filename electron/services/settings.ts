// User settings shared by the app and the CLI, stored with conf as JSON in the config folder.
// The schema is strict: a key that is not listed (an API key pasted into the file, say) is
// dropped on read and refused on write, so secrets cannot end up in this file.
import Conf from 'conf';
import { z } from 'zod';
import { checkApiUrl } from '../../shared/api-url';

const MIB = 1024 * 1024;
/** S3's bounds for a non-final part (masv-api.md §2.0). */
export const MIN_CHUNK_SIZE = 5 * MIB;
export const MAX_CHUNK_SIZE = 5 * 1024 * MIB;
export const DEFAULT_SERVER_URL = 'https://api.massive.app';

export const OnConflict = z.enum(['rename', 'skip', 'overwrite']);
export type OnConflict = z.infer<typeof OnConflict>;

const rate = z.number().int().positive().nullable();

export const Settings = z.strictObject({
  /** https, or plain http to a loopback address only (shared/api-url.ts). */
  serverUrl: z
    .url({ protocol: /^https?$/ })
    .refine((u) => checkApiUrl(u).ok, 'plain http is allowed only for a loopback address'),
  /** The team used for uploads; set by `login` from the server's team list. */
  teamId: z.string().min(1).nullable(),
  teamName: z.string().nullable(),
  /** PEM file of a private CA (the local service over TLS); a path, never the key material. */
  caFile: z.string().min(1).nullable(),
  chunkSizeBytes: z.number().int().min(MIN_CHUNK_SIZE).max(MAX_CHUNK_SIZE),
  partConcurrency: z.number().int().min(1).max(64),
  uploadLimitBytesPerSecond: rate,
  downloadLimitBytesPerSecond: rate,
  /**
   * Compare each part's ETag with an MD5 computed while reading. Off by default: it doubles the
   * client's CPU per GiB (measured by bench/upload.ts), and TLS already protects bytes in transit.
   */
  integrityCheck: z.boolean(),
  onConflict: OnConflict,
  downloadFolder: z.string().min(1).nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  serverUrl: DEFAULT_SERVER_URL,
  teamId: null,
  teamName: null,
  caFile: null,
  chunkSizeBytes: 100 * MIB,
  // 8 in flight: uploads tie with 4 in the sweep of bench/upload.ts, downloads and small files
  // gain 10–15% (bench/download.ts with --concurrency 8).
  partConcurrency: 8,
  uploadLimitBytesPerSecond: null,
  downloadLimitBytesPerSecond: null,
  integrityCheck: false,
  onConflict: 'rename',
  downloadFolder: null,
};

export const SettingsPatch = Settings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export class SettingsStore {
  private readonly conf: Conf<Record<string, unknown>>;

  constructor(options: { dir: string; fileName?: string }) {
    this.conf = new Conf<Record<string, unknown>>({
      cwd: options.dir,
      configName: options.fileName ?? 'settings',
      projectName: 'masv-desktop',
      // Settings are not secret, but keep them private to the user like the rest of the state.
      configFileMode: 0o600,
    });
  }

  get path(): string {
    return this.conf.path;
  }

  /** Current settings; each stored field that fails validation falls back to its default. */
  get(): Settings {
    const stored = this.conf.store;
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(Settings.shape) as Array<keyof Settings>) {
      if (!(key in stored)) continue;
      const parsed = Settings.shape[key].safeParse(stored[key]);
      if (parsed.success) out[key] = parsed.data;
    }
    return Settings.parse(out);
  }

  /** Validates and merges a patch; throws a zod error naming the bad field. */
  update(patch: SettingsPatch): Settings {
    const checked = SettingsPatch.parse(patch);
    const next = Settings.parse({ ...this.get(), ...checked });
    this.conf.store = next;
    return next;
  }

  reset(): Settings {
    this.conf.store = { ...DEFAULT_SETTINGS };
    return this.get();
  }
}
