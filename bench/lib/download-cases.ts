// The download cases: our CLI from the link, curl and aria2c from the pre-signed URL. Each run
// writes into its own folder on the same disk, checked and then deleted before the next run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MasvCli } from './clients';
import { ARIA2C, cleanEnv, CURL, shellQuote } from './clients';
import type { EmulatorChild } from './emulator-child';
import type { BenchApi, LinkFile } from './masv-api';
import type { BenchCase } from './runner';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

export interface DownloadTarget {
  bytes: number;
  sha256: string;
  /** Where run folders go (same disk as the emulator's data). */
  outDir: string;
}

/** Size on every run; SHA-256 on the first run of each client (outside the timed part). */
function verifier(t: DownloadTarget, dirOf: (r: number) => string) {
  return async (_m: unknown, r: number): Promise<string | undefined> => {
    const files = filesUnder(dirOf(r)).filter((f) => !f.endsWith('.aria2'));
    if (files.length !== 1 || !files[0])
      return `expected one downloaded file, found ${files.length}`;
    const size = statSync(files[0]).size;
    if (size !== t.bytes) return `downloaded ${size} bytes, expected ${t.bytes}`;
    if (r === 1 && (await sha256File(files[0])) !== t.sha256)
      return 'SHA-256 of the downloaded file differs from the source';
    return undefined;
  };
}

/** Deletes the run's output, then flushes dirty pages so one run's writeback does not slow the next. */
function cleaner(dirOf: (r: number) => string) {
  return (r: number): void => {
    rmSync(dirOf(r), { recursive: true, force: true });
    spawnSync('sync');
  };
}

export function masvDownloadCase(
  cli: MasvCli,
  linkUrl: string,
  t: DownloadTarget,
  concurrency?: number,
): BenchCase {
  const name = concurrency === undefined ? 'masv (defaults)' : `masv --concurrency ${concurrency}`;
  const dirOf = (r: number): string => path.join(t.outDir, `${name.replace(/\W+/g, '-')}-${r}`);
  const extra = concurrency === undefined ? [] : ['--concurrency', String(concurrency)];
  const args = (r: number): string[] => [
    'download',
    linkUrl,
    '--to',
    dirOf(r),
    ...extra,
    ...cli.serverArgs,
    '--json',
  ];
  return {
    name,
    display: `MASV_HOME=<fresh temp dir> masv ${shellQuote(args(1)).replace(/secret=[^'&\s]+/, 'secret=<link secret>')}`,
    bytes: t.bytes,
    files: 1,
    invocation: (r) => {
      mkdirSync(dirOf(r), { recursive: true });
      const env = cli.freshEnv();
      // A link download needs no account; keep the run as a recipient would make it.
      delete env.MASV_API_KEY;
      return { command: cli.command, args: [...cli.baseArgs, ...args(r)], env };
    },
    check: async (m, r) => {
      const last = m.stdout.trim().split('\n').pop() ?? '';
      if (!last.includes('"ok":true')) return `the JSON result is not ok: ${last.slice(0, 300)}`;
      return verifier(t, dirOf)(m, r);
    },
    afterRun: cleaner(dirOf),
  };
}

export function curlCase(
  api: BenchApi,
  file: LinkFile,
  emu: EmulatorChild,
  t: DownloadTarget,
): BenchCase {
  const dirOf = (r: number): string => path.join(t.outDir, `curl-${r}`);
  const ca = emu.caCertPath ? ['--cacert', emu.caCertPath] : [];
  const args = (r: number, url: string): string[] => [
    '-sS',
    '--fail',
    ...ca,
    '-o',
    path.join(dirOf(r), file.name),
    url,
  ];
  return {
    name: 'curl',
    display: `${CURL} ${shellQuote(args(1, '<pre-signed URL>'))}`,
    bytes: t.bytes,
    files: 1,
    invocation: async (r) => {
      mkdirSync(dirOf(r), { recursive: true });
      return { command: CURL, args: args(r, await api.downloadUrl(file)), env: cleanEnv(t.outDir) };
    },
    check: verifier(t, dirOf),
    afterRun: cleaner(dirOf),
  };
}

/**
 * curl, then `sync FILE` (an fsync of that file): what curl costs when it, like our CLI, must
 * have the bytes on disk before it says "done". sh and sync are reaped by GNU time's child, so
 * their CPU counts; peak RSS is the largest of the three (curl).
 */
export function curlSyncCase(
  api: BenchApi,
  file: LinkFile,
  emu: EmulatorChild,
  t: DownloadTarget,
): BenchCase {
  const dirOf = (r: number): string => path.join(t.outDir, `curl-sync-${r}`);
  const ca = emu.caCertPath ? `--cacert '${emu.caCertPath}' ` : '';
  const script = `curl -sS --fail ${ca}-o "$1" "$2" && sync "$1"`;
  const args = (r: number, url: string): string[] => [
    '-c',
    script,
    'sh',
    path.join(dirOf(r), file.name),
    url,
  ];
  return {
    name: 'curl + sync FILE',
    display: `sh ${shellQuote(args(1, '<pre-signed URL>'))}`,
    bytes: t.bytes,
    files: 1,
    invocation: async (r) => {
      mkdirSync(dirOf(r), { recursive: true });
      return { command: 'sh', args: args(r, await api.downloadUrl(file)), env: cleanEnv(t.outDir) };
    },
    check: verifier(t, dirOf),
    afterRun: cleaner(dirOf),
  };
}

/** -x8 -s8 as in the issue; -k 1M (its default) and falloc so 2 GiB are not zero-filled first. */
export const ARIA2C_OPTIONS = [
  '-x8',
  '-s8',
  '-k1M',
  '--file-allocation=falloc',
  '--allow-overwrite=true',
  '--auto-file-renaming=false',
  '--console-log-level=warn',
  '--summary-interval=0',
  '--download-result=hide',
];

export function aria2cCase(
  api: BenchApi,
  file: LinkFile,
  emu: EmulatorChild,
  t: DownloadTarget,
): BenchCase {
  const dirOf = (r: number): string => path.join(t.outDir, `aria2c-${r}`);
  const ca = emu.caCertPath ? [`--ca-certificate=${emu.caCertPath}`] : [];
  const args = (r: number, url: string): string[] => [
    ...ARIA2C_OPTIONS,
    ...ca,
    '-d',
    dirOf(r),
    '-o',
    file.name,
    url,
  ];
  return {
    name: 'aria2c',
    display: `${ARIA2C} ${shellQuote(args(1, '<pre-signed URL>'))}`,
    bytes: t.bytes,
    files: 1,
    invocation: async (r) => {
      mkdirSync(dirOf(r), { recursive: true });
      return {
        command: ARIA2C,
        args: args(r, await api.downloadUrl(file)),
        env: cleanEnv(t.outDir),
      };
    },
    check: verifier(t, dirOf),
    afterRun: cleaner(dirOf),
  };
}
