// The local MASV service as a separate child process (test/emulator/main.ts under tsx's loader).
// Why a child: the harness stays idle while a client runs, and the server's CPU can be read on
// its own from /proc (it shares the machine's 2 cores with every client alike).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface EmulatorChild {
  pid: number;
  apiUrl: string;
  storageUrl: string;
  bucket: string;
  dataDir: string;
  apiKey: string;
  teamId: string;
  teamName: string;
  s3: { accessKeyId: string; secretAccessKey: string; region: string };
  /** CA file when started with TLS. */
  caCertPath?: string;
  /** The exact command line (the printed banner holds secrets; this does not). */
  command: string;
  /** user+sys CPU seconds the emulator process has used so far. */
  cpuSeconds: () => number;
  /** Last lines it printed (diagnostics when something fails). */
  recentOutput: () => string;
  close: () => Promise<void>;
}

export interface EmulatorChildOptions {
  root: string;
  dataDir: string;
  storageMode: 'disk' | 'discard' | 'sink';
  tls?: boolean;
  startTimeoutMs?: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ on every x86-64/arm64 kernel Debian ships.

function procCpuSeconds(pid: number): number {
  // /proc/<pid>/stat: the command name is in parentheses and may hold spaces, so split after ")".
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the full line (utime, stime) are 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function field(banner: string, label: string): string {
  const m = new RegExp(`^\\s+${label}\\s+(\\S+)`, 'm').exec(banner);
  if (!m?.[1]) throw new Error(`the emulator banner has no "${label}" line`);
  return m[1];
}

export async function startEmulatorChild(o: EmulatorChildOptions): Promise<EmulatorChild> {
  const args = [
    '--import',
    'tsx',
    path.join('test', 'emulator', 'main.ts'),
    '--api-port',
    '0',
    '--storage-port',
    '0',
    '--data-dir',
    o.dataDir,
    '--storage-mode',
    o.storageMode,
    ...(o.tls ? ['--tls'] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: o.root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: string): void => {
    // The banner is needed whole; after it only the tail matters.
    output = output.length > 64_000 ? output.slice(-32_000) + d : output + d;
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);

  const banner = await waitForBanner(child, () => output, o.startTimeoutMs ?? 60_000);
  const team = /^\s+team\s+(.*) \((\S+)\)$/m.exec(banner);
  const storageLine = /^\s+storage\s+(\S+)\s+\(bucket (\S+)\)/m.exec(banner);
  if (!team?.[1] || !team[2] || !storageLine?.[1] || !storageLine[2]) {
    child.kill('SIGKILL');
    throw new Error('could not read the team or storage line of the emulator banner');
  }
  const pid = child.pid!;
  const caLine = /^\s+TLS CA\s+(\S+)/m.exec(banner);
  return {
    pid,
    apiUrl: field(banner, 'API(?! key)'),
    storageUrl: storageLine[1],
    bucket: storageLine[2],
    dataDir: o.dataDir,
    apiKey: field(banner, 'API key'),
    teamName: team[1],
    teamId: team[2],
    s3: {
      accessKeyId: field(banner, 'access key'),
      secretAccessKey: field(banner, 'secret key'),
      region: field(banner, 'region'),
    },
    ...(caLine?.[1] ? { caCertPath: caLine[1] } : {}),
    command: `node ${args.join(' ')}`,
    cpuSeconds: () => procCpuSeconds(pid),
    recentOutput: () => output.slice(-2000),
    close: () => stopChild(child),
  };
}

function waitForBanner(
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = (): void => {
      const text = output();
      // "Admin: …" is the banner's last line.
      if (/^Admin: /m.test(text)) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(text);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`the emulator exited with ${code} before it was ready: ${output().slice(-1500)}`),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
