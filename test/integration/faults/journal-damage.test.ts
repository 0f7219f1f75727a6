// Journal damage on real files: an upload and a download are stopped mid-way, their journal is
// damaged (truncated mid-record, its last record corrupted, garbage appended, or unreadable), and
// a new engine starts on the same folder. Start-up never throws; a damaged tail is cut back to
// the last good record with a warning and the transfer completes byte-identical; a journal that
// cannot be read at all is listed as a failed transfer that says why, never dropped silently.
import { randomBytes } from 'node:crypto';
import {
  appendFile,
  chmod,
  mkdir,
  readFile,
  rmdir,
  rename,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/engine/deps';
import { parseJournal } from '../../../electron/engine/journal';
import {
  expectedTree,
  file,
  harness as downloadHarness,
  hashTree,
  publish,
  tempDir,
} from '../download/helpers';
import type { Published, SourceFile } from '../download/helpers';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { makeFile, startHarness, storedFiles } from '../upload/harness';
import type { Harness } from '../upload/harness';

const MiB = 1024 * 1024;
type Damage = 'truncated' | 'corrupt-last' | 'garbage' | 'unreadable';

function recordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const none = () => undefined;
  return {
    warnings,
    logger: { debug: none, info: none, error: none, warn: (m) => void warnings.push(m) },
  };
}

async function until(cond: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const isRoot = process.getuid?.() === 0;

/** Damages a journal file as a crash, a bad disk or another program could. */
async function damage(path: string, how: Damage): Promise<void> {
  const text = await readFile(path, 'utf8');
  switch (how) {
    case 'truncated':
      // Cut inside the last record.
      await truncate(path, text.length - 7);
      return;
    case 'corrupt-last': {
      const lines = text.trimEnd().split('\n');
      const last = lines.pop()!;
      lines.push(`#${last.slice(1, -3)}\u0000\u0001}`);
      await writeFile(path, `${lines.join('\n')}\n`);
      return;
    }
    case 'garbage':
      await appendFile(path, Buffer.concat([randomBytes(700), Buffer.from('\n{"t":\n[]\n')]));
      return;
    case 'unreadable':
      if (!isRoot) {
        await chmod(path, 0o000);
        return;
      }
      // Root reads through permissions: a directory in the file's place fails every read.
      await rename(path, `${path}.moved`);
      await mkdir(path);
      return;
  }
}

describe('upload journal damage', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ partConcurrency: 2 });
  });
  afterAll(async () => {
    await h.close();
  });

  async function stoppedUpload(name: string) {
    const dir = join(h.root, name);
    const digests = new Map<string, string>();
    digests.set(`${name}/a.bin`, await makeFile(join(dir, 'a.bin'), 26 * MiB + 5));
    digests.set(`${name}/b.bin`, await makeFile(join(dir, 'b.bin'), 7 * MiB));
    digests.set(`${name}/c.txt`, await makeFile(join(dir, 'c.txt'), 123));
    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 150 } }],
    });
    const first = h.newManager();
    const id = first.startUpload({
      paths: [dir],
      name,
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    const path = join(h.journalDir, `${id}.jsonl`);
    const parts = async () =>
      parseJournal<{ t: string }>(await readFile(path, 'utf8').catch(() => '')).filter(
        (r) => r.t === 'part',
      ).length;
    await until(async () => (await parts()) >= 3, 'three acknowledged parts');
    await first.shutdown();
    h.emu.faults.clear();
    return { id, path, digests };
  }

  for (const how of ['truncated', 'corrupt-last', 'garbage'] as const) {
    it(`${how}: cut back to the last good record with a warning, then completes byte-identical`, async () => {
      const { id, path, digests } = await stoppedUpload(`up-${how}`);
      const before = (await stat(path)).size;
      await damage(path, how);
      const { logger, warnings } = recordingLogger();
      const again = h.newManager({}, logger);
      const { restored } = await again.restoreFromJournals({ autoResume: false });
      await (await import('node:fs/promises')).copyFile(path, '/tmp/jd.jsonl');
      again.resume(id);
      expect(restored).toEqual([id]);
      expect(warnings.join('\n')).toMatch(
        /journal (ended in the middle of a record|holds a damaged record)/,
      );
      // What is left is whole lines of records, no longer than what was written.
      expect((await stat(path)).size).toBeLessThanOrEqual(before);
      const snap = await again.waitFor(id);
      expect(snap.error, JSON.stringify(snap.error)).toBeUndefined();
      expect(snap.state).toBe('complete');
      const stored = await storedFiles(h, snap.packageId!);
      expect(new Map([...stored].map(([k, v]) => [k, v.sha256]))).toEqual(digests);
    });
  }

  it('truncated behind what MASV holds: a file already finalized there counts as sent', async () => {
    const dir = join(h.root, 'up-ahead');
    const digests = new Map<string, string>();
    digests.set('up-ahead/a.bin', await makeFile(join(dir, 'a.bin'), 12 * MiB));
    digests.set('up-ahead/b.bin', await makeFile(join(dir, 'b.bin'), 6 * MiB));
    const first = h.newManager();
    const id = first.startUpload({
      paths: [dir],
      name: 'up-ahead',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
      finalize: false,
    });
    expect((await first.waitFor(id)).state).toBe('idle');
    await first.shutdown();
    // Cut in the middle of the last part record: that part and everything after it (the
    // file's "sent" record among them) are gone, while MASV finalized the file long ago.
    const path = join(h.journalDir, `${id}.jsonl`);
    const text = await readFile(path, 'utf8');
    const lastPart = text.lastIndexOf('{"t":"part"');
    await truncate(path, lastPart + 20);

    const { logger, warnings } = recordingLogger();
    const again = h.newManager({}, logger);
    await again.restoreFromJournals({ autoResume: false });
    again.resume(id);
    const snap = await again.waitFor(id);
    expect(snap.error, JSON.stringify(snap.error)).toBeUndefined();
    expect(snap.state).toBe('idle');
    expect(warnings).toContain(
      'MASV had already finalized a file the journal had not recorded as sent',
    );
    again.finalizeUpload(id);
    expect((await again.waitFor(id)).state).toBe('complete');
    const stored = await storedFiles(h, snap.packageId!);
    expect(new Map([...stored].map(([k, v]) => [k, v.sha256]))).toEqual(digests);
  });

  it('unreadable: start-up goes on, and the transfer is listed as failed with why', async () => {
    const { id, path } = await stoppedUpload('up-unreadable');
    await damage(path, 'unreadable');
    const { logger, warnings } = recordingLogger();
    const again = h.newManager({}, logger);
    const { restored } = await again.restoreFromJournals();
    expect(restored).toEqual([id]);
    expect(again.list()).toHaveLength(1);
    expect(again.get(id)).toMatchObject({
      state: 'failed',
      error: {
        code: 'journal-damaged',
        permanent: true,
        message: expect.stringContaining('cannot be resumed'),
      },
    });
    expect(warnings).toContain('transfer kept as failed: its journal cannot be used');
    expect(() => again.resume(id)).toThrow(/cannot be resumed/);
    // Removing it is the user's choice, and deletes what cannot be used.
    if (isRoot) {
      await rmdir(path);
      await rename(`${path}.moved`, path);
    } else await chmod(path, 0o600);
    await again.remove(id);
    expect(again.list()).toEqual([]);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    await again.shutdown();
  });
});

describe('download journal damage', () => {
  let emu: Emulator;
  let files: SourceFile[];
  let pub: Published;
  beforeAll(async () => {
    emu = await startEmulator({ dataDir: tempDir('masv-jd-emu-') });
    files = [
      file('reels', 'one.bin', 14 * MiB + 11),
      file('', 'two.bin', 5 * MiB),
      file('', 'n.txt', 40),
    ];
    pub = await publish(emu, files, { chunkSize: 5 * MiB });
  });
  afterAll(async () => {
    await emu?.close();
  });

  for (const how of ['truncated', 'garbage', 'corrupt-last'] as const) {
    it(`${how}: resumes from the last good record and every file matches its source`, async () => {
      const journalDir = tempDir('masv-jd-journal-');
      const dest = tempDir();
      emu.faults.update({ bandwidthBytesPerSecond: 4 * MiB });
      const first = downloadHarness(emu, { journalDir, partConcurrency: 2 });
      const id = first.manager.startDownload({ linkUrl: pub.linkUrl, destination: dest });
      const path = join(journalDir, `${id}.jsonl`);
      await until(
        () => Promise.resolve((first.manager.get(id)?.bytesDone ?? 0) >= 6 * MiB),
        'some bytes',
      );
      await first.close();
      emu.faults.clear();
      await damage(path, how);

      const { logger, warnings } = recordingLogger();
      const again = downloadHarness(emu, { journalDir, logger });
      const manager = again.manager;
      try {
        const { restored } = await manager.restoreFromJournals();
        expect(restored).toEqual([id]);
        expect(warnings.join('\n')).toMatch(/journal (ended in the middle|holds a damaged record)/);
        const snap = await manager.waitFor(id);
        expect(snap.error).toBeUndefined();
        expect(snap.state).toBe('complete');
        expect(hashTree(dest)).toEqual(expectedTree(files));
      } finally {
        await again.close();
      }
    });
  }
});
