import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { inspectLink } from '../../../electron/engine/download';
import {
  createLinkRaw,
  disableLink,
  expectedTree,
  file,
  harness,
  hashTree,
  linkHostOf,
  MiB,
  publish,
  tempDir,
} from './helpers';
import type { Published, SourceFile } from './helpers';

let emu: Emulator;
let files: SourceFile[];
let pub: Published;

beforeAll(async () => {
  emu = await startEmulator({ dataDir: tempDir('masv-dl-emu-') });
  files = [
    file('', 'top.bin', 300 * 1024),
    file('', 'empty.txt', 0),
    file('Été/日本語', 'ünïcödé 🎬.mov', 40 * 1024),
    file('deep/a/b/c', 'many-parts.bin', 11 * MiB + 12345),
    file('deep/a', 'notes.md', 2048),
  ];
  // 5 MiB upload parts: the big file is a multipart object (ETag "…-3"), the rest single-part.
  pub = await publish(emu, files, { chunkSize: 5 * MiB });
});

afterAll(async () => {
  await emu?.close();
});

describe('link download against the emulator', () => {
  it('downloads nested unicode folders, a 0-byte file and a many-part file byte-identically', async () => {
    const h = harness(emu, { job: { rangesPerFile: 3 } });
    try {
      const dest = tempDir();
      const id = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        partSize: MiB,
      });
      const snap = await h.manager.waitFor(id);
      expect(snap.error).toBeUndefined();
      expect(snap.state).toBe('complete');
      expect(snap.filesDone).toBe(files.length);
      expect(snap.bytesDone).toBe(files.reduce((n, f) => n + f.data.length, 0));
      expect(hashTree(dest)).toEqual(expectedTree(files));
      // Several ranged GETs were used for the big file.
      const ranged = emu.requestLog
        .entries()
        .filter((e) => e.route === 'storage:getObject' && e.range);
      expect(ranged.length).toBeGreaterThanOrEqual(12);
    } finally {
      await h.close();
    }
  });

  it('downloads only a subset chosen by glob or by file id', async () => {
    const h = harness(emu);
    try {
      const byGlob = tempDir();
      const a = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: byGlob,
        globs: ['deep/**'],
      });
      expect((await h.manager.waitFor(a)).state).toBe('complete');
      expect([...hashTree(byGlob).keys()].sort()).toEqual([
        'deep/a/b/c/many-parts.bin',
        'deep/a/notes.md',
      ]);

      const byId = tempDir();
      const fileId = pub.fileIds.get('top.bin');
      const b = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: byId,
        fileIds: [fileId],
      });
      expect((await h.manager.waitFor(b)).state).toBe('complete');
      expect([...hashTree(byId).keys()]).toEqual(['top.bin']);
    } finally {
      await h.close();
    }
  });

  it('renames on conflict by default and reports it; skip leaves the existing file', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs');
    const h = harness(emu);
    try {
      const dest = tempDir();
      writeFileSync(`${dest}/top.bin`, 'mine');
      const id = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        globs: ['top.bin'],
      });
      const snap = await h.manager.waitFor(id);
      expect(snap.renamed).toEqual([{ from: 'top.bin', to: 'top (1).bin' }]);
      expect(readFileSync(`${dest}/top.bin`, 'utf8')).toBe('mine');
      expect(hashTree(dest).get('top (1).bin')).toBe(expectedTree(files).get('top.bin'));

      const skip = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        globs: ['top.bin'],
        policy: 'skip',
      });
      const skipped = await h.manager.waitFor(skip);
      expect(skipped.state).toBe('complete');
      expect(skipped.skipped).toEqual(['top.bin']);
      expect(readFileSync(`${dest}/top.bin`, 'utf8')).toBe('mine');
    } finally {
      await h.close();
    }
  });

  it('password links: right password downloads, missing or wrong one fails clearly', async () => {
    const h = harness(emu);
    try {
      const linkUrl = await createLinkRaw(emu, pub, { password: 'open sesame' });
      const none = h.manager.startDownload({ linkUrl, destination: tempDir() });
      const noneSnap = await h.manager.waitFor(none);
      expect(noneSnap.state).toBe('failed');
      expect(noneSnap.error?.code).toBe('password-required');

      const wrong = h.manager.startDownload({ linkUrl, destination: tempDir(), password: 'nope' });
      const wrongSnap = await h.manager.waitFor(wrong);
      expect(wrongSnap.error).toMatchObject({
        code: 'password-invalid',
        message: 'the password is wrong',
      });

      const dest = tempDir();
      const right = h.manager.start('download', {
        linkUrl,
        destination: dest,
        password: 'open sesame',
        globs: ['deep/a/notes.md'],
      });
      expect((await h.manager.waitFor(right)).state).toBe('complete');
      expect([...hashTree(dest).values()]).toEqual([expectedTree(files).get('deep/a/notes.md')]);
    } finally {
      await h.close();
    }
  });

  it('expired and disabled links fail with a clear message and write nothing', async () => {
    const h = harness(emu);
    try {
      const expired = await createLinkRaw(emu, pub, {
        expiry: new Date(Date.now() - 60_000).toISOString(),
      });
      const destA = tempDir();
      const a = await h.manager.waitFor(
        h.manager.startDownload({ linkUrl: expired, destination: destA }),
      );
      expect(a.error?.code).toBe('link-unavailable');
      expect(a.error?.message).toMatch(/no longer available/);
      expect(hashTree(destA).size).toBe(0);

      const other = await publish(emu, [file('', 'x.bin', 10)]);
      await disableLink(emu, other);
      const b = await h.manager.waitFor(
        h.manager.startDownload({ linkUrl: other.linkUrl, destination: tempDir() }),
      );
      expect(b.error?.code).toBe('link-unavailable');
    } finally {
      await h.close();
    }
  });

  it('every byte passes the shared download limiter, and the rate can change mid-run', async () => {
    const h = harness(emu, { downloadBytesPerSecond: 64 * MiB });
    try {
      let taken = 0;
      const limiter = h.deps.downloadLimiter;
      const take = limiter.take.bind(limiter);
      limiter.take = (bytes, signal) => {
        taken += bytes;
        return take(bytes, signal);
      };
      const dest = tempDir();
      const id = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        globs: ['deep/**'],
      });
      h.manager.setDownloadLimit(null);
      expect((await h.manager.waitFor(id)).state).toBe('complete');
      expect(taken).toBe(11 * MiB + 12345 + 2048);
    } finally {
      await h.close();
    }
  });

  it('cancel removes unfinished .part files and the journal, keeps finished files', async () => {
    const { readdirSync } = await import('node:fs');
    emu.faults.update({ bandwidthBytesPerSecond: 2 * MiB });
    const h = harness(emu, { partConcurrency: 1 });
    try {
      const dest = tempDir();
      const id = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        partSize: MiB,
      });
      const end = Date.now() + 20_000;
      while ((h.manager.get(id)?.bytesDone ?? 0) < MiB && Date.now() < end)
        await new Promise((r) => setTimeout(r, 10));
      await h.manager.cancel(id);
      expect(h.manager.get(id)?.state).toBe('cancelled');
      expect([...hashTree(dest).keys()].filter((p) => p.endsWith('.part'))).toEqual([]);
      expect(readdirSync(h.journalDir)).toEqual([]);
    } finally {
      emu.faults.clear();
      await h.close();
    }
  });

  it('describes the package behind a link, and fetches a zip entry only when asked', async () => {
    const h = harness(emu);
    try {
      const summary = await inspectLink(
        pub.linkUrl,
        { config: { linkHosts: [linkHostOf(emu)] } },
        h.deps,
      );
      expect(summary).toMatchObject({
        name: 'Test package',
        fileCount: files.length,
        size: files.reduce((n, f) => n + f.data.length, 0),
      });
      expect(summary.sender).toBeTruthy();
      expect(summary.expiry).toBeTruthy();
      expect(summary.files.map((f) => f.path).sort()).toEqual(
        [...expectedTree(files).keys()].sort(),
      );
      expect(summary.zips.length).toBeGreaterThan(0);

      const plain = tempDir();
      await h.manager.waitFor(
        h.manager.start('download', {
          linkUrl: pub.linkUrl,
          destination: plain,
          globs: ['*.zip', 'top.bin'],
        }),
      );
      expect([...hashTree(plain).keys()]).toEqual(['top.bin']);

      const zipDest = tempDir();
      const zip = summary.zips[0]!;
      const snap = await h.manager.waitFor(
        h.manager.start('download', {
          linkUrl: pub.linkUrl,
          destination: zipDest,
          fileIds: [zip.id],
        }),
      );
      expect(snap.state).toBe('complete');
      const { readFileSync } = await import('node:fs');
      const bytes = readFileSync(`${zipDest}/${zip.name}`);
      expect(bytes.length).toBe(zip.size);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
    } finally {
      await h.close();
    }
  });

  it('fetches many small files at once through the shared pool', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      file(`batch/${i % 4}`, `f${i}.txt`, 100 + i * 37),
    );
    const batch = await publish(emu, many);
    const h = harness(emu, { partConcurrency: 6 });
    try {
      let active = 0;
      let peak = 0;
      const run = h.deps.pool.run.bind(h.deps.pool);
      h.deps.pool.run = async (fn, signal) =>
        run(async () => {
          peak = Math.max(peak, ++active);
          try {
            return await fn();
          } finally {
            active--;
          }
        }, signal);
      const dest = tempDir();
      const snap = await h.manager.waitFor(
        h.manager.start('download', { linkUrl: batch.linkUrl, destination: dest }),
      );
      expect(snap.state).toBe('complete');
      expect(snap.filesDone).toBe(60);
      expect(hashTree(dest)).toEqual(expectedTree(many));
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(6);
    } finally {
      await h.close();
    }
  });

  it('rejects a link to a host that is not configured before any request', () => {
    const h = harness(emu);
    try {
      expect(() =>
        h.manager.startDownload({
          linkUrl: pub.linkUrl.replace('127.0.0.1', 'localhost'),
          destination: tempDir(),
        }),
      ).toThrow(/not a MASV link host/);
    } finally {
      void h.close();
    }
  });
});
