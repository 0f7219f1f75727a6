// User settings shared by the app and the CLI: the schema in shared/schemas/settings.ts, kept as
// JSON in the config folder. The CLI and the tests store them with conf; the Electron app passes
// electron-store (built on conf) as the backend. Reads validate field by field (a hand-edited bad
// value falls back to its default) and migrate files written by earlier versions.
import { mkdirSync } from 'node:fs';
import Conf from 'conf';
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  Settings,
  SettingsPatch,
} from '../../shared/schemas/settings';

export {
  DEFAULT_SERVER_URL,
  DEFAULT_SETTINGS,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  OnConflict,
  Settings,
  SettingsPatch,
} from '../../shared/schemas/settings';

/** The part of conf (and electron-store) this store uses. */
export interface SettingsBackend {
  store: Record<string, unknown>;
  readonly path: string;
}

export interface SettingsBackendOptions {
  cwd: string;
  name: string;
  fileMode: number;
}

export type SettingsBackendFactory = (o: SettingsBackendOptions) => SettingsBackend;

/** conf under plain Node (the CLI, the preview, the tests). */
export const confBackend: SettingsBackendFactory = (o) =>
  new Conf<Record<string, unknown>>({
    cwd: o.cwd,
    configName: o.name,
    projectName: 'masv-desktop',
    configFileMode: o.fileMode,
  });

/**
 * Each step takes a file of one version to the next. Version 1 (0.1.x) had no version field and
 * no schedule, notification, tray, login or theme fields; their defaults fill in on read.
 */
const MIGRATIONS: Record<number, (stored: Record<string, unknown>) => Record<string, unknown>> = {
  1: (stored) => ({ ...stored, version: 2 }),
};

type Listener = (settings: Settings) => void;

export class SettingsStore {
  private readonly backend: SettingsBackend;
  private readonly listeners = new Set<Listener>();

  constructor(options: { dir: string; fileName?: string; backend?: SettingsBackendFactory }) {
    // conf would create the folder with the default mode; the state folders are the user's alone.
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.backend = (options.backend ?? confBackend)({
      cwd: options.dir,
      name: options.fileName ?? 'settings',
      // Settings are not secret, but keep them private to the user like the rest of the state.
      fileMode: 0o600,
    });
  }

  get path(): string {
    return this.backend.path;
  }

  /** Current settings; each stored field that fails validation falls back to its default. */
  get(): Settings {
    const stored = migrate(this.backend.store);
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
    this.backend.store = next;
    for (const l of this.listeners) l(next);
    return next;
  }

  reset(): Settings {
    this.backend.store = { ...DEFAULT_SETTINGS };
    const next = this.get();
    for (const l of this.listeners) l(next);
    return next;
  }

  /** Called after every update in this process (the app applies settings at once). */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function migrate(stored: Record<string, unknown>): Record<string, unknown> {
  let out = stored;
  let version = typeof out.version === 'number' ? out.version : 1;
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break;
    out = step(out);
    version++;
  }
  return out;
}
