// A destination folder that cannot be made is explained by its real cause (a read-only file
// system, a file in the way), not by the raw ENOENT that Node's recursive mkdir reports, and
// leaves no journal behind. The read-only case uses a real read-only tmpfs (root only).
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { file, harness, MiB, publish, tempDir } from './helpers';
import type { Published } from './helpers';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) console.warn('read-only destination test skipped: mounting a tmpfs needs root');

describe('a destination folder that cannot be made', () => {
  let emu: Emulator;
  let pub: Published;
  let mount: string | undefined;

  beforeAll(async () => {
    emu = await startEmulator({ dataDir: tempDir('masv-dl-emu-') });
    pub = await publish(emu, [file('', 'one.bin', MiB)]);
  });
  afterAll(async () => {
    await emu.close();
    if (mount !== undefined) execFileSync('umount', [mount]);
  });

  async function failure(destination: string) {
    const h = harness(emu);
    try {
      const snap = await h.manager.waitFor(
        h.manager.startDownload({ linkUrl: pub.linkUrl, destination, createDestination: true }),
      );
      expect(snap.state).toBe('failed');
      expect(readdirSync(h.journalDir)).toEqual([]);
      return snap.error;
    } finally {
      await h.close();
    }
  }

  it.skipIf(!isRoot)('on a read-only file system says so, naming the folder', async () => {
    mount = tempDir('masv-dl-ro-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', mount]);
    const dest = join(mount, 'missing', 'sub');
    expect(await failure(dest)).toEqual({
      code: 'io',
      message: `cannot create the folder ${dest}: ${mount} is on a read-only file system (choose a folder on a writable disk)`,
    });
    expect(readdirSync(mount)).toEqual([]);
  });

  it('with a file in the way says which path is a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain'), 'x');
    const dest = join(dir, 'plain', 'sub');
    expect(await failure(dest)).toEqual({
      code: 'io',
      message: `cannot create the folder ${dest}: ${join(dir, 'plain')} is a file, not a folder`,
    });
  });
});
