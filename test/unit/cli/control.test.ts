import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../electron/cli/cli-error';
import {
  readLock,
  requestControl,
  runningHolder,
  TransferLock,
  waitForRelease,
} from '../../../electron/cli/control';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'masv-control-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('TransferLock and control files', () => {
  it('delivers a pause request to the watcher and releases cleanly', async () => {
    const lock = TransferLock.acquire(dir, 'T1', 'upload');
    expect(readLock(dir, 'T1')?.pid).toBe(process.pid);
    const got = new Promise<string>((resolve) => {
      const stop = lock.watch((a) => {
        stop();
        resolve(a);
      }, 20);
    });
    requestControl(dir, 'T1', 'pause');
    expect(await got).toBe('pause');
    expect(existsSync(path.join(dir, 'T1.control'))).toBe(false);
    lock.release();
    expect(existsSync(path.join(dir, 'T1.lock'))).toBe(false);
  });

  it('refuses a lock held by a live process and takes over a stale one', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], {
      stdio: 'ignore',
    });
    try {
      writeFileSync(
        path.join(dir, 'T2.lock'),
        JSON.stringify({ pid: child.pid, startedAt: 'x', command: 'upload' }),
      );
      expect(runningHolder(dir, 'T2')?.pid).toBe(child.pid);
      expect(() => TransferLock.acquire(dir, 'T2', 'resume')).toThrow(CliError);
      expect(await waitForRelease(dir, 'T2', 200)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    // The holder died without cleaning up (kill -9): the lock is stale and can be taken.
    expect(runningHolder(dir, 'T2')).toBeNull();
    const lock = TransferLock.acquire(dir, 'T2', 'resume');
    expect(readLock(dir, 'T2')?.pid).toBe(process.pid);
    lock.release();
  });

  it('rejects ids that are not plain names', () => {
    expect(() => requestControl(dir, '../etc', 'cancel')).toThrow(/not a transfer id/);
  });
});
