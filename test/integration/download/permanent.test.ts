// Downloads that cannot succeed: the link opens before anything local is made, and a failure
// retrying cannot fix (wrong secret, link gone, package deleted) is marked permanent, also in
// the journal a restart reads.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { disableLink, file, harness, MiB, publish, tempDir } from './helpers';
import type { Published } from './helpers';

describe('downloads that cannot succeed', () => {
  let emu: Emulator;
  let pub: Published;

  beforeAll(async () => {
    emu = await startEmulator({ dataDir: tempDir('masv-dl-emu-') });
    pub = await publish(emu, [file('', 'a.bin', 3 * MiB), file('d', 'b.bin', 2 * MiB)]);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('a wrong secret creates no folder and no journal, and fails for good', async () => {
    const h = harness(emu);
    const dest = join(tempDir(), 'new', 'folder');
    try {
      const wrong = pub.linkUrl.replace(/secret=[^&]+/, 'secret=WrongSecret123456');
      const snap = await h.manager.waitFor(
        h.manager.startDownload({ linkUrl: wrong, destination: dest, createDestination: true }),
      );
      expect(snap.state).toBe('failed');
      expect(snap.error).toEqual({
        code: 'link-unavailable',
        message: 'this link does not exist (check the address)',
        permanent: true,
      });
      expect(existsSync(join(dest, '..'))).toBe(false);
      expect(readdirSync(h.journalDir)).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('a good link creates the folder it was asked to, then downloads into it', async () => {
    const h = harness(emu);
    const dest = join(tempDir(), 'made', 'here');
    try {
      const snap = await h.manager.waitFor(
        h.manager.startDownload({
          linkUrl: pub.linkUrl,
          destination: dest,
          createDestination: true,
        }),
      );
      expect(snap.state).toBe('complete');
      expect(readdirSync(dest).sort()).toEqual(['a.bin', 'd']);
    } finally {
      await h.close();
    }
  });

  it('without createDestination a missing folder is refused, after the link opened, with no journal', async () => {
    const h = harness(emu);
    const dest = join(tempDir(), 'absent');
    try {
      const snap = await h.manager.waitFor(
        h.manager.startDownload({ linkUrl: pub.linkUrl, destination: dest }),
      );
      expect(snap.error?.code).toBe('io');
      expect(snap.error?.permanent).toBeUndefined();
      expect(existsSync(dest)).toBe(false);
      expect(readdirSync(h.journalDir)).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('a package deleted mid-download fails for good, and a restart still knows it', async () => {
    const own = await publish(emu, [file('', 'big.bin', 8 * MiB)]);
    emu.faults.update({ bandwidthBytesPerSecond: MiB });
    const h = harness(emu, { partConcurrency: 1, job: { rangesPerFile: 1, checkpointBytes: MiB } });
    const dest = tempDir();
    try {
      const id = h.manager.startDownload({
        linkUrl: own.linkUrl,
        destination: dest,
        partSize: MiB,
      });
      await until(() => (h.manager.get(id)?.bytesDone ?? 0) >= MiB);
      const res = await fetch(`${emu.apiUrl}/v1/packages/${own.packageId}`, {
        method: 'DELETE',
        headers: { 'x-package-token': own.token },
      });
      expect(res.status).toBe(204);
      const failed = await h.manager.waitFor(id);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatchObject({ code: 'not-found', permanent: true });
      await h.manager.shutdown();

      const again = harness(emu, { journalDir: h.journalDir });
      try {
        await again.manager.restoreFromJournals({ autoResume: false });
        expect(again.manager.get(id)).toMatchObject({
          state: 'failed',
          error: { code: 'not-found', permanent: true, message: failed.error?.message },
        });
      } finally {
        await again.close();
      }
    } finally {
      emu.faults.update({ bandwidthBytesPerSecond: 0 });
      await h.close();
    }
  });

  it('a disabled link fails for good', async () => {
    const own = await publish(emu, [file('', 'c.bin', MiB)]);
    await disableLink(emu, own);
    const h = harness(emu);
    try {
      const snap = await h.manager.waitFor(
        h.manager.startDownload({ linkUrl: own.linkUrl, destination: tempDir() }),
      );
      expect(snap.error).toMatchObject({ code: 'link-unavailable', permanent: true });
    } finally {
      await h.close();
    }
  });
});

async function until(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
