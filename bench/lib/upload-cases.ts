// The upload cases: our CLI, aws-cli and rclone sending the same data to the same storage.
import path from 'node:path';
import type { BenchCase } from './runner';
import type { MasvCli } from './clients';
import { AWS, awsArgs, awsEnv, cleanEnv, RCLONE, shellQuote } from './clients';
import type { EmulatorChild } from './emulator-child';
import { MiB } from './stats';

export interface PeerSettings {
  chunkMiB: number;
  concurrency: number;
}

export interface MasvUploadSettings {
  chunkMiB?: number;
  concurrency?: number;
  /** Extra keys for the settings file (e.g. integrityCheck: false), shown on the command line. */
  settings?: Record<string, unknown>;
}

/** `masv upload <path> --name N --json`; checks the JSON says complete with every byte. */
export function masvUploadCase(
  name: string,
  cli: MasvCli,
  source: string,
  bytes: number,
  files: number,
  s: MasvUploadSettings = {},
): BenchCase {
  const tuning = [
    ...(s.chunkMiB === undefined ? [] : ['--chunk-size', `${s.chunkMiB}M`]),
    ...(s.concurrency === undefined ? [] : ['--concurrency', String(s.concurrency)]),
  ];
  const args = (r: number): string[] => [
    'upload',
    source,
    '--name',
    `bench-${path.basename(source)}-${r}`,
    ...tuning,
    ...cli.serverArgs,
    '--json',
  ];
  return {
    name,
    display: `MASV_HOME=<fresh temp dir${s.settings ? `, settings ${JSON.stringify(s.settings)}` : ''}> MASV_API_KEY=<demo key> masv ${shellQuote(args(1))}`,
    bytes,
    files,
    invocation: (r) => ({
      command: cli.command,
      args: [...cli.baseArgs, ...args(r)],
      env: cli.freshEnv(s.settings),
    }),
    check: (m) => {
      let doc: {
        ok?: boolean;
        transfer?: { state?: string; bytesTotal?: number; filesTotal?: number };
      };
      try {
        doc = JSON.parse(m.stdout.trim().split('\n').pop() ?? '') as typeof doc;
      } catch {
        return `no JSON document on stdout: ${m.stdout.slice(0, 200)}`;
      }
      const t = doc.transfer;
      if (doc.ok !== true || t?.state !== 'complete')
        return `not complete: ${JSON.stringify(doc).slice(0, 300)}`;
      if (t.bytesTotal !== bytes || t.filesTotal !== files)
        return `sent ${t.bytesTotal} bytes in ${t.filesTotal} files, expected ${bytes} in ${files}`;
      return undefined;
    },
  };
}

export function awsUploadCase(
  name: string,
  work: string,
  emu: EmulatorChild,
  source: string,
  bytes: number,
  files: number,
  s: PeerSettings,
): BenchCase {
  const env = awsEnv(work, emu, s);
  const recursive = files > 1;
  const dest = (r: number): string =>
    `s3://${emu.bucket}/aws-${recursive ? 'small' : 'big'}/run-${r}${recursive ? '/' : '.bin'}`;
  // Progress lines cost CPU and, for 2,000 files, flood the pipe; neither is what we compare.
  const args = (r: number): string[] =>
    awsArgs(emu, [
      's3',
      'cp',
      source,
      dest(r),
      ...(recursive ? ['--recursive', '--only-show-errors'] : ['--no-progress']),
    ]);
  return {
    name,
    display:
      `AWS_CONFIG_FILE=<temp: multipart_threshold=${s.chunkMiB}MB multipart_chunksize=${s.chunkMiB}MB max_concurrent_requests=${s.concurrency} addressing_style=path> ` +
      `AWS_SHARED_CREDENTIALS_FILE=<temp> AWS_EC2_METADATA_DISABLED=true ${AWS} ${shellQuote(args(1))}`,
    bytes,
    files,
    invocation: (r) => ({ command: AWS, args: args(r), env }),
  };
}

export function rcloneUploadCase(
  name: string,
  work: string,
  configArgs: string[],
  emu: EmulatorChild,
  source: string,
  bytes: number,
  files: number,
  s: PeerSettings,
  /** Key prefix of the copies (each section needs its own: rclone skips what already exists). */
  prefix = files > 1 ? 'rclone-small' : 'rclone-big',
): BenchCase {
  const recursive = files > 1;
  const env = cleanEnv(work);
  const tuning = [
    '--s3-chunk-size',
    `${s.chunkMiB}M`,
    '--s3-upload-concurrency',
    String(s.concurrency),
    ...(recursive ? ['--transfers', String(s.concurrency)] : []),
  ];
  const args = (r: number): string[] =>
    recursive
      ? ['copy', source, `emu:${emu.bucket}/${prefix}/run-${r}`, ...tuning, ...configArgs]
      : ['copyto', source, `emu:${emu.bucket}/${prefix}/run-${r}.bin`, ...tuning, ...configArgs];
  const shown = (r: number): string[] =>
    args(r).map((a) =>
      a.endsWith('rclone.conf')
        ? '<temp rclone.conf: provider=Other force_path_style no_check_bucket>'
        : a,
    );
  return {
    name,
    display: `${RCLONE} ${shellQuote(shown(1))}`,
    bytes,
    files,
    invocation: (r) => ({ command: RCLONE, args: args(r), env }),
  };
}

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * MiB
    ? `${(bytes / (1024 * MiB)).toFixed(2)} GiB`
    : `${(bytes / MiB).toFixed(1)} MiB`;
}
