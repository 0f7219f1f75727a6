// The benchmark's temp folder and its test data. Everything lives under one folder that is
// removed at exit, on failure and on Ctrl-C/SIGTERM (2 GiB files must not be left behind).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killRunningClients, useScratchDir } from './measure';
import { MiB } from './stats';

export interface Workspace {
  root: string;
  /** Registers async clean-up (stop the emulator…) run before the folder is removed. */
  onCleanup(fn: () => Promise<void> | void): void;
  cleanup(): Promise<void>;
}

export function createWorkspace(prefix: string): Workspace {
  // os.tmpdir() is on the same disk as the project on these machines (ENVIRONMENT.md: one /dev/vda).
  const root = mkdtempSync(path.join(process.env.BENCH_TMPDIR ?? tmpdir(), `${prefix}-`));
  const scratch = path.join(root, 'scratch');
  mkdirSync(scratch);
  useScratchDir(scratch);
  const hooks: Array<() => Promise<void> | void> = [];
  let done: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    done ??= (async () => {
      killRunningClients();
      for (const fn of hooks.reverse()) {
        try {
          await fn();
        } catch (err) {
          console.error(`bench: clean-up step failed: ${String(err)}`);
        }
      }
      rmSync(root, { recursive: true, force: true });
    })();
    return done;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, cleaning up ${root}`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  return { root, onCleanup: (fn) => hooks.push(fn), cleanup };
}

/**
 * A file of `bytes` made of one random 1 MiB block repeated, each copy stamped with its
 * offset: content that is neither constant nor compressible per part, written fast.
 */
export async function writeBigFile(file: string, bytes: number): Promise<void> {
  const block = randomBytes(MiB);
  const fh = await open(file, 'w');
  try {
    for (let offset = 0; offset < bytes; offset += MiB) {
      const len = Math.min(MiB, bytes - offset);
      block.writeBigUInt64BE(BigInt(offset), 0);
      await fh.write(block, 0, len, offset);
    }
  } finally {
    await fh.close();
  }
}

/** `count` files of `size` bytes in `dir` (flat, zero-padded names), each different. */
export async function writeSmallFiles(dir: string, count: number, size: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const pool = randomBytes(size + count * 16);
  const width = String(count - 1).length;
  for (let i = 0; i < count; i++) {
    const fh = await open(path.join(dir, `f${String(i).padStart(width, '0')}.bin`), 'w');
    try {
      await fh.write(pool.subarray(i * 16, i * 16 + size));
    } finally {
      await fh.close();
    }
  }
}
