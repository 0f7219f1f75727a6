// One process at a time: a lock file created with O_EXCL holding {pid, startedAt, …}. The engine
// uses it to own a journal (<id>.lock next to <id>.jsonl) and the CLI to mark the process that
// runs a transfer (control/<id>.lock). A lock whose pid is gone (kill -9, power loss) is stale
// and is taken over. Within one process, a lock taken by another manager counts as held too,
// so two managers on the same journal folder never open the same journal.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface LockInfo {
  pid: number;
  startedAt: string;
  /** What holds it (e.g. `journal`, or the CLI command), for messages. */
  command: string;
}

/** Open-to-write gap of a lock being created; an empty lock older than this is debris. */
const EMPTY_LOCK_GRACE_MS = 5_000;

/** Lock files this process holds right now (absolute paths). */
const held = new Set<string>();

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

export function readLockFile(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
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

/** True while this process holds the lock (through any manager or command). */
export function holdsLockFile(file: string): boolean {
  return held.has(resolve(file));
}

/**
 * The live holder of a lock other than the caller: another process, or another owner inside
 * this process. null when nobody holds it (or the holder died).
 */
export function lockHolder(file: string): LockInfo | null {
  const info = readLockFile(file);
  if (info === null) return null;
  if (info.pid === process.pid) return holdsLockFile(file) ? info : null;
  return isProcessAlive(info.pid) ? info : null;
}

export type AcquireResult = { ok: true } | { ok: false; holder: LockInfo | null };

/**
 * Takes the lock, or reports who holds it. `holder: null` on failure means another process
 * was creating the lock at the same moment (a lock file without content yet).
 */
export function acquireLockFile(file: string, command: string): AcquireResult {
  const abs = resolve(file);
  if (held.has(abs)) return { ok: false, holder: readLockFile(abs) };
  mkdirSync(dirname(abs), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(abs, 'wx', 0o600);
      try {
        writeSync(
          fd,
          JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), command }),
        );
      } finally {
        closeSync(fd);
      }
      held.add(abs);
      return { ok: true };
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const info = readLockFile(abs);
      // A lock still being written (no parsable content yet) belongs to a live process.
      if (info === null && freshEmptyLock(abs)) return { ok: false, holder: null };
      const holder = lockHolder(abs);
      if (holder !== null) return { ok: false, holder };
      rmSync(abs, { force: true });
    }
  }
  return { ok: false, holder: readLockFile(abs) };
}

/** An unreadable lock file that is a moment old is someone's acquire in progress, not a corpse. */
function freshEmptyLock(file: string): boolean {
  try {
    const st = statSync(file);
    return st.size === 0 && Date.now() - st.mtimeMs < EMPTY_LOCK_GRACE_MS;
  } catch {
    return false;
  }
}

/** Drops the lock if this process holds it; someone else's lock is left alone. */
export function releaseLockFile(file: string): void {
  const abs = resolve(file);
  if (!held.delete(abs)) return;
  if (readLockFile(abs)?.pid === process.pid) rmSync(abs, { force: true });
}
