// `masv config`: show or change the saved settings (never credentials; those live in the keychain).
import path from 'node:path';
import type { Settings, SettingsPatch } from '../../services/settings';
import { DEFAULT_SETTINGS, OnConflict } from '../../services/settings';
import { bool } from '../args';
import type { OptionValues } from '../args';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import { ExitCode } from '../exit-codes';
import { formatBytes, formatRate } from '../format';
import { parseCount, parseSize } from '../values';

interface Key {
  describe: (s: Settings) => string;
  parse: (value: string, cwd: string) => SettingsPatch;
}

const OFF = new Set(['off', 'none', 'unlimited', '0']);

function onOff(value: string, key: string): boolean {
  if (['on', 'true', 'yes', '1'].includes(value)) return true;
  if (['off', 'false', 'no', '0'].includes(value)) return false;
  throw new CliError('usage', `${key} expects on or off, got '${value}'`, ExitCode.usage);
}

export const CONFIG_KEYS: Record<string, Key> = {
  server: { describe: (s) => s.serverUrl, parse: (v) => ({ serverUrl: v }) },
  team: {
    describe: (s) => s.teamId ?? '(none)',
    parse: (v) => ({ teamId: OFF.has(v) ? null : v, teamName: null }),
  },
  ca: {
    describe: (s) => s.caFile ?? '(none)',
    parse: (v, cwd) => ({ caFile: OFF.has(v) ? null : path.resolve(cwd, v) }),
  },
  'chunk-size': {
    describe: (s) => formatBytes(s.chunkSizeBytes),
    parse: (v) => ({ chunkSizeBytes: parseSize(v, 'chunk-size') }),
  },
  concurrency: {
    describe: (s) => String(s.partConcurrency),
    parse: (v) => ({ partConcurrency: parseCount(v, 'concurrency', 1, 64) }),
  },
  'limit-up': {
    describe: (s) =>
      s.uploadLimitBytesPerSecond === null ? 'off' : formatRate(s.uploadLimitBytesPerSecond),
    parse: (v) => ({ uploadLimitBytesPerSecond: OFF.has(v) ? null : parseSize(v, 'limit-up') }),
  },
  'limit-down': {
    describe: (s) =>
      s.downloadLimitBytesPerSecond === null ? 'off' : formatRate(s.downloadLimitBytesPerSecond),
    parse: (v) => ({ downloadLimitBytesPerSecond: OFF.has(v) ? null : parseSize(v, 'limit-down') }),
  },
  'integrity-check': {
    describe: (s) => (s.integrityCheck ? 'on' : 'off'),
    parse: (v) => ({ integrityCheck: onOff(v, 'integrity-check') }),
  },
  'on-conflict': {
    describe: (s) => s.onConflict,
    parse: (v) => {
      const p = OnConflict.safeParse(v);
      if (!p.success)
        throw new CliError(
          'usage',
          `on-conflict expects rename, skip or overwrite, got '${v}'`,
          ExitCode.usage,
        );
      return { onConflict: p.data };
    },
  },
  'download-folder': {
    describe: (s) => s.downloadFolder ?? '(current folder)',
    parse: (v, cwd) => ({ downloadFolder: OFF.has(v) ? null : path.resolve(cwd, v) }),
  },
};

export function runConfig(ctx: CliContext, values: OptionValues, positionals: string[]): number {
  const store = ctx.settings();
  if (bool(values, 'reset')) {
    if (positionals.length > 0)
      throw new CliError('usage', '--reset takes no key or value', ExitCode.usage);
    store.reset();
  } else if (positionals.length === 1) {
    throw new CliError('usage', `give a value for ${positionals[0] ?? ''}`, ExitCode.usage);
  } else if (positionals.length === 2) {
    const [name = '', value = ''] = positionals;
    const key = CONFIG_KEYS[name];
    if (key === undefined) {
      throw new CliError(
        'usage',
        `unknown setting '${name}' (one of: ${Object.keys(CONFIG_KEYS).join(', ')})`,
        ExitCode.usage,
      );
    }
    try {
      store.update(key.parse(value, ctx.env.cwd));
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError('usage', `'${value}' is not a valid value for ${name}`, ExitCode.usage);
    }
  }
  const settings = store.get();
  const width = Math.max(...Object.keys(CONFIG_KEYS).map((k) => k.length));
  for (const [name, key] of Object.entries(CONFIG_KEYS)) {
    const value = key.describe(settings);
    const mark = value === key.describe(DEFAULT_SETTINGS) ? '  (default)' : '';
    ctx.out.line(`${name.padEnd(width)}  ${value}${mark}`);
  }
  ctx.out.result({ settings, file: store.path });
  return ExitCode.ok;
}
