// There is no daemon: each transfer runs inside the `masv` process that started or resumed it.
// Other `masv` processes reach it through two small files in the state folder:
//   control/<id>.lock     {pid, startedAt, command}; created with O_EXCL by the running process,
//                         removed when it ends. A lock whose pid is gone (kill -9) is stale.
//                         (The lock mechanism is the engine's: ../engine/process-lock.ts.)
//   control/<id>.control  "pause" or "cancel", written atomically by `masv transfers pause|cancel`;
//                         the running process polls it every ~300 ms and acts on it.
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { acquireLockFile, lockHolder, readLockFile, releaseLockFile } from '../engine/process-lock';
import type { LockInfo } from '../engine/process-lock';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

export type ControlAction = 'pause' | 'cancel';

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

export function readLock(dir: string, id: string): LockInfo | null {
  return readLockFile(lockPath(dir, id));
}

/** The live holder of a transfer's lock (another masv process), or null when nobody runs it. */
export function runningHolder(dir: string, id: string): LockInfo | null {
  const info = lockHolder(lockPath(dir, id));
  return info !== null && info.pid !== process.pid ? info : null;
}

export class TransferLock {
  private released = false;

  private constructor(
    private readonly dir: string,
    readonly id: string,
  ) {}

  /** Takes the lock or throws `busy` (exit 7) when another live process holds it. */
  static acquire(dir: string, id: string, command: string): TransferLock {
    const taken = acquireLockFile(lockPath(dir, id), command);
    if (!taken.ok) {
      throw new CliError(
        'busy',
        taken.holder === null
          ? `transfer ${id} is being started by another masv process`
          : `transfer ${id} is already running in masv process ${taken.holder.pid}`,
        ExitCode.busy,
      );
    }
    // A control request left for a previous run does not apply to this one.
    rmSync(controlPath(dir, id), { force: true });
    return new TransferLock(dir, id);
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
    releaseLockFile(lockPath(this.dir, this.id));
    rmSync(controlPath(this.dir, this.id), { force: true });
  }
}

/** Asks the running process to pause or cancel (atomic write: the poller never sees half a file). */
export function requestControl(dir: string, id: string, action: ControlAction): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
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
