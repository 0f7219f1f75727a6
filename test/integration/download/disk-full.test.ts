// A real small file system (tmpfs, 5 MiB) to fill up: needs root to mount.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { expectedTree, file, harness, hashTree, MiB, publish, tempDir } from './helpers';
import type { Published, SourceFile } from './helpers';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) console.warn('disk-full tests skipped: mounting a tmpfs needs root');

describe.skipIf(!isRoot)('full disk (tmpfs of 5 MiB)', () => {
  let emu: Emulator;
  let mount: string;
  let files: SourceFile[];
  let pub: Published;

  beforeAll(async () => {
    mount = tempDir('masv-dl-tmpfs-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', mount]);
    emu = await startEmulator({ dataDir: tempDir('masv-dl-emu-') });
    files = [file('', 'four.bin', 4 * MiB)];
    pub = await publish(emu, files);
  });

  afterAll(async () => {
    await emu?.close();
    if (mount) execFileSync('umount', [mount]);
  });

  it('refuses to start when the package cannot fit, before any byte', async () => {
    const big = await publish(emu, [file('', 'six.bin', 6 * MiB)]);
    const h = harness(emu);
    try {
      emu.requestLog.clear();
      const dest = join(mount, 'pre');
      mkdirSync(dest);
      const snap = await h.manager.waitFor(
        h.manager.start('download', { linkUrl: big.linkUrl, destination: dest }),
      );
      expect(snap.state).toBe('failed');
      expect(snap.error?.code).toBe('disk-full');
      expect(snap.error?.message).toMatch(/not enough free space .* needed/);
      expect(emu.requestLog.entries().filter((e) => e.route === 'storage:getObject')).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('stops with a clear message when the disk fills mid-download, keeps the bytes, resumes once space is freed', async () => {
    const dest = join(mount, 'mid');
    mkdirSync(dest);
    emu.faults.update({ bandwidthBytesPerSecond: 2 * MiB });
    const h = harness(emu, { partConcurrency: 1, job: { rangesPerFile: 1, checkpointBytes: MiB } });
    const filler = join(mount, 'filler');
    try {
      const id = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        partSize: MiB,
      });
      await waitUntil(() => (h.manager.get(id)?.bytesDone ?? 0) >= MiB);
      // Someone else fills the disk while we download.
      try {
        writeFileSync(filler, Buffer.alloc(5 * MiB, 1));
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOSPC') throw e;
      }
      const failed = await h.manager.waitFor(id);
      expect(failed.state).toBe('failed');
      expect(failed.error?.code).toBe('disk-full');
      expect(failed.error?.message).toMatch(/disk is full .* resume/);
      expect(existsSync(join(dest, 'four.bin.part'))).toBe(true);
      const kept = failed.bytesDone;
      expect(kept).toBeGreaterThanOrEqual(MiB);

      rmSync(filler, { force: true });
      emu.faults.update({ bandwidthBytesPerSecond: 0 });
      emu.requestLog.clear();
      h.manager.resume(id);
      const done = await h.manager.waitFor(id);
      expect(done.state).toBe('complete');
      expect(hashTree(dest)).toEqual(expectedTree(files));
      const refetched = emu.requestLog
        .entries()
        .filter((e) => e.route === 'storage:getObject')
        .reduce((n, e) => n + e.bytes, 0);
      expect(refetched).toBeLessThanOrEqual(4 * MiB - kept + MiB);
    } finally {
      rmSync(filler, { force: true });
      await h.close();
      // Give the small disk back to the next test.
      rmSync(dest, { recursive: true, force: true });
    }
  });

  it('a folder that cannot be written (read-only file system) fails clearly and resumes once fixed', async () => {
    const dest = join(mount, 'ro');
    mkdirSync(dest);
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const h = harness(emu);
    try {
      const id = h.manager.start('download', { linkUrl: pub.linkUrl, destination: dest });
      const failed = await h.manager.waitFor(id);
      expect(failed.error?.code).toBe('io');
      expect(failed.error?.message).toMatch(
        / is on a read-only file system; remount it .* resume$/,
      );
      expect(failed.error?.message).not.toMatch(/permission/);
      execFileSync('mount', ['-o', 'remount,rw', mount]);
      h.manager.resume(id);
      const done = await h.manager.waitFor(id);
      expect(done.state).toBe('complete');
      expect(hashTree(dest)).toEqual(expectedTree(files));
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mount]);
      await h.close();
      rmSync(dest, { recursive: true, force: true });
    }
  });

  it('a destination removed mid-way fails clearly and resumes once it is back', async () => {
    emu.faults.update({ bandwidthBytesPerSecond: 4 * MiB });
    const h = harness(emu, { partConcurrency: 1, job: { rangesPerFile: 1 } });
    try {
      const missing = await h.manager.waitFor(
        h.manager.start('download', { linkUrl: pub.linkUrl, destination: join(mount, 'never') }),
      );
      expect(missing.error?.code).toBe('io');
      expect(missing.error?.message).toMatch(/no longer exists/);

      const dest = join(mount, 'gone');
      mkdirSync(dest);
      const id = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        partSize: MiB,
      });
      await waitUntil(
        () => (h.manager.get(id)?.bytesDone ?? 0) >= MiB,
        30_000,
        () => JSON.stringify(h.manager.get(id)),
      );
      rmSync(dest, { recursive: true, force: true });
      const failed = await h.manager.waitFor(id);
      expect(failed.state).toBe('failed');
      expect(failed.error?.message).toMatch(/no longer exists/);

      mkdirSync(dest);
      emu.faults.update({ bandwidthBytesPerSecond: 0 });
      h.manager.resume(id);
      const done = await h.manager.waitFor(id);
      expect(done.state).toBe('complete');
      expect(hashTree(dest)).toEqual(expectedTree(files));
    } finally {
      await h.close();
    }
  });
});

async function waitUntil(
  cond: () => boolean,
  timeoutMs = 30_000,
  describe = (): string => '',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting ${describe()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
