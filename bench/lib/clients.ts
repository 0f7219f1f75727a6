// The clients under test and their isolated configuration: our `masv` CLI, Debian's aws-cli v2,
// rclone, curl and aria2c. Credentials go into temp config files and env, never on a command line
// the bench prints.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { EmulatorChild } from './emulator-child';
import { run } from './measure';

/** Debian's aws-cli v2; the pyenv `aws` first on PATH is an older v1. */
export const AWS = '/usr/bin/aws';
export const RCLONE = 'rclone';
export const CURL = 'curl';
export const ARIA2C = 'aria2c';

/** process.env without variables that would change how a client behaves. */
export function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(AWS_|RCLONE_|MASV_)/.test(k) && !/^(https?|all|no)_proxy$/i.test(k),
    ),
  );
  return { ...env, HOME: home };
}

export function shellQuote(args: readonly string[]): string {
  return args
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export interface MasvCli {
  command: string;
  /** Prefix args (the bin script); add the subcommand after. */
  baseArgs: string[];
  /** A fresh MASV_HOME with settings pointing at the emulator's team (plus `settings`), and the env to use. */
  freshEnv(settings?: Record<string, unknown>): NodeJS.ProcessEnv;
  /** --server (and --ca) to append to every invocation. */
  serverArgs: string[];
}

/**
 * Other work may rebuild out/cli/cli.js while a benchmark runs; every run must measure the same
 * build, so the bundle is copied once into the temp folder (with node_modules linked beside it
 * for keytar, the one external it may load) and run from there.
 */
export function snapshotCli(root: string, work: string): { file: string; description: string } {
  const built = path.join(root, 'out', 'cli', 'cli.js');
  const dir = path.join(work, 'cli-snapshot');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'cli.mjs');
  copyFileSync(built, file);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
  return {
    file,
    description: `out/cli/cli.js built ${statSync(built).mtime.toISOString()}, sha256 ${sha}…, copied before the first run`,
  };
}

/**
 * Our CLI gets its API key from MASV_API_KEY (the keychain needs a D-Bus session) and its team
 * from a settings file written as `masv login` would, since login itself stores into the keychain.
 */
export function masvCli(
  cliFile: string,
  emu: EmulatorChild,
  work: string,
  /** Names the per-run MASV_HOME folders; differs per emulator so homes never mix. */
  homePrefix = 'masv-home',
): MasvCli {
  let n = 0;
  return {
    command: process.execPath,
    baseArgs: [cliFile],
    serverArgs: ['--server', emu.apiUrl, ...(emu.caCertPath ? ['--ca', emu.caCertPath] : [])],
    freshEnv: (settings = {}) => {
      const home = path.join(work, `${homePrefix}-${++n}`);
      mkdirSync(home, { recursive: true });
      writeFileSync(
        path.join(home, 'settings.json'),
        JSON.stringify({
          serverUrl: emu.apiUrl,
          teamId: emu.teamId,
          teamName: emu.teamName,
          ...settings,
        }),
        { mode: 0o600 },
      );
      return { ...cleanEnv(home), MASV_HOME: home, MASV_API_KEY: emu.apiKey };
    },
  };
}

export interface AwsSettings {
  chunkMiB: number;
  concurrency: number;
}

export function awsEnv(work: string, emu: EmulatorChild, s: AwsSettings): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(work, 'aws-'));
  const config = path.join(dir, 'config');
  const credentials = path.join(dir, 'credentials');
  writeFileSync(
    config,
    [
      '[default]',
      `region = ${emu.s3.region}`,
      's3 =',
      `  multipart_threshold = ${s.chunkMiB}MB`,
      `  multipart_chunksize = ${s.chunkMiB}MB`,
      `  max_concurrent_requests = ${s.concurrency}`,
      '  addressing_style = path',
      '',
    ].join('\n'),
  );
  writeFileSync(
    credentials,
    [
      '[default]',
      `aws_access_key_id = ${emu.s3.accessKeyId}`,
      `aws_secret_access_key = ${emu.s3.secretAccessKey}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return {
    ...cleanEnv(dir),
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...(emu.caCertPath ? { AWS_CA_BUNDLE: emu.caCertPath } : {}),
  };
}

export function awsArgs(emu: EmulatorChild, rest: readonly string[]): string[] {
  return ['--endpoint-url', emu.storageUrl, ...rest];
}

/** Writes an rclone config with a remote named `emu`; returns the flags that select it. */
export function rcloneConfigArgs(work: string, emu: EmulatorChild): string[] {
  const file = path.join(mkdtempSync(path.join(work, 'rclone-')), 'rclone.conf');
  writeFileSync(
    file,
    [
      '[emu]',
      'type = s3',
      'provider = Other',
      'env_auth = false',
      `access_key_id = ${emu.s3.accessKeyId}`,
      `secret_access_key = ${emu.s3.secretAccessKey}`,
      `region = ${emu.s3.region}`,
      `endpoint = ${emu.storageUrl}`,
      'force_path_style = true',
      'no_check_bucket = true',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return ['--config', file, ...(emu.caCertPath ? ['--ca-cert', emu.caCertPath] : [])];
}

/** One line per client: what exactly was measured. */
export async function clientVersions(
  env: NodeJS.ProcessEnv,
  which: readonly string[],
  masvFile?: string,
): Promise<string[]> {
  const first = async (cmd: string, args: string[]): Promise<string> => {
    try {
      return (await run(cmd, args, { env, timeoutMs: 30_000 })).trim().split('\n')[0] ?? '?';
    } catch (err) {
      return `unavailable (${err instanceof Error ? err.message : String(err)})`;
    }
  };
  const table: Record<string, () => Promise<string>> = {
    masv: () =>
      masvFile ? first(process.execPath, [masvFile, '--version']) : Promise.resolve('?'),
    node: () => Promise.resolve(process.version),
    aws: () => first(AWS, ['--version']),
    rclone: () => first(RCLONE, ['version']),
    curl: () => first(CURL, ['--version']),
    aria2c: () => first(ARIA2C, ['--version']),
  };
  const out: string[] = [];
  for (const name of which) {
    const get = table[name];
    if (get) out.push(`${name}: ${await get()}`);
  }
  return out;
}
