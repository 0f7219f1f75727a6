// There is no daemon: each transfer runs inside the `masv` process that started or resumed it.
// Other `masv` processes reach it through two small files in the state folder:
//   control/<id>.lock     {pid, startedAt, command}; created with O_EXCL by the running process,
//                         removed when it ends. A lock whose pid is gone (kill -9) is stale.
//   control/<id>.control  "pause" or "cancel", written atomically by `masv transfers pause|cancel`;
//                         the running process polls it every ~300 ms and acts on it.
import {
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

export type ControlAction = 'pause' | 'cancel';

export interface LockInfo {
  pid: number;
  startedAt: string;
  command: string;
}

export const CONTROL_POLL_MS = 300;

const lockPath = (dir: string, id: string) => path.join(dir, `${safeId(id)}.lock`);
const controlPath = (dir: string, id: string) => path.join(dir, `${safeId(id)}.control`);

/** Ids come from the command line; keep them to one plain file name. */
function safeId(id: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(id) || id.startsWith('.')) {
    throw new CliError('transfer-not-found', `'${id}' is not a transfer id`, ExitCode.notFound);
  }
  return id;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as { code?: string }).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A killed process whose parent has not reaped it yet still answers kill(pid, 0) on Linux. */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Format: pid (comm) state …; comm may contain spaces or parentheses, so split at the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

export function readLock(dir: string, id: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dir, id), 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid !== 'number') return null;
    return {
      pid: info.pid,
      startedAt: String(info.startedAt ?? ''),
      command: String(info.command ?? ''),
    };
  } catch {
    return null;
  }
}

/** The live holder of a transfer's lock, or null when nobody runs it. */
export function runningHolder(dir: string, id: string): LockInfo | null {
  const info = readLock(dir, id);
  return info !== null && info.pid !== process.pid && isProcessAlive(info.pid) ? info : null;
}

export class TransferLock {
  private released = false;

  private constructor(
    private readonly dir: string,
    readonly id: string,
  ) {}

  /** Takes the lock or throws `busy` (exit 7) when another live process holds it. */
  static acquire(dir: string, id: string, command: string): TransferLock {
    mkdirSync(dir, { recursive: true });
    const file = lockPath(dir, id);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(
          fd,
          JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), command }),
        );
        closeSync(fd);
        // A control request left for a previous run does not apply to this one.
        rmSync(controlPath(dir, id), { force: true });
        return new TransferLock(dir, id);
      } catch (err) {
        if ((err as { code?: string }).code !== 'EEXIST') throw err;
        const holder = readLock(dir, id);
        if (holder !== null && holder.pid !== process.pid && isProcessAlive(holder.pid)) {
          throw new CliError(
            'busy',
            `transfer ${id} is already running in masv process ${holder.pid}`,
            ExitCode.busy,
          );
        }
        rmSync(file, { force: true });
      }
    }
    throw new CliError(
      'busy',
      `transfer ${id} is being started by another masv process`,
      ExitCode.busy,
    );
  }

  /** Polls for pause/cancel requests; returns the stop function. */
  watch(onAction: (action: ControlAction) => void, intervalMs = CONTROL_POLL_MS): () => void {
    const timer = setInterval(() => {
      const action = takeControl(this.dir, this.id);
      if (action !== null) onAction(action);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const holder = readLock(this.dir, this.id);
    if (holder?.pid === process.pid) rmSync(lockPath(this.dir, this.id), { force: true });
    rmSync(controlPath(this.dir, this.id), { force: true });
  }
}

/** Asks the running process to pause or cancel (atomic write: the poller never sees half a file). */
export function requestControl(dir: string, id: string, action: ControlAction): void {
  mkdirSync(dir, { recursive: true });
  const target = controlPath(dir, id);
  const tmp = `${target}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  writeSync(fd, action);
  closeSync(fd);
  renameSync(tmp, target);
}

function takeControl(dir: string, id: string): ControlAction | null {
  let text: string;
  try {
    text = readFileSync(controlPath(dir, id), 'utf8').trim();
  } catch {
    return null;
  }
  rmSync(controlPath(dir, id), { force: true });
  return text === 'pause' || text === 'cancel' ? text : null;
}

/** Waits until the holder has let go (or died); false on timeout. */
export async function waitForRelease(dir: string, id: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (runningHolder(dir, id) === null) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return runningHolder(dir, id) === null;
}
