import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadKeytar } from '../../../electron/services/credential-store';
import { SecretStore } from '../../../electron/services/secret-store';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import {
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

const here = dirname(fileURLToPath(import.meta.url));
let emu: Emulator;
let files: SourceFile[];
let pub: Published;
const SIZE = 24 * MiB;

beforeAll(async () => {
  emu = await startEmulator({ dataDir: tempDir('masv-dl-emu-') });
  files = [file('movie', 'reel.bin', SIZE)];
  pub = await publish(emu, files, { chunkSize: 8 * MiB });
});

afterEach(() => {
  emu.faults.clear();
  emu.requestLog.clear();
});

afterAll(async () => {
  await emu?.close();
});

const bytesServed = (): number =>
  emu.requestLog
    .entries()
    .filter((e) => e.route === 'storage:getObject')
    .reduce((n, e) => n + e.bytes, 0);

describe('resume', () => {
  it('pause then resume fetches each byte once (beyond the gather buffer in flight)', async () => {
    emu.faults.update({ bandwidthBytesPerSecond: 6 * MiB });
    const h = harness(emu, {
      partConcurrency: 2,
      job: { rangesPerFile: 2, checkpointBytes: MiB },
      settings: { compactEvery: 4 },
    });
    try {
      const dest = tempDir();
      const id = h.manager.start('download', {
        linkUrl: pub.linkUrl,
        destination: dest,
        partSize: 4 * MiB,
      });
      await waitUntil(() => (h.manager.get(id)?.bytesDone ?? 0) >= 6 * MiB);
      await h.manager.pause(id);
      const paused = h.manager.get(id);
      expect(paused?.state).toBe('paused');
      // Compaction kept the journal short: one record per merged range, not one per checkpoint.
      const { readFileSync, readdirSync } = await import('node:fs');
      const journalFile = readdirSync(h.journalDir).find((n) => n.endsWith('.jsonl'));
      const lines = readFileSync(join(h.journalDir, journalFile!), 'utf8').trim().split('\n');
      // >= 6 checkpoints of 1 MiB were journaled; compaction merges them (at most 3 since the last).
      expect(lines.filter((l) => l.includes('"t":"range"')).length).toBeLessThan(6);
      expect(existsSync(join(dest, 'movie', 'reel.bin.part'))).toBe(true);
      emu.faults.update({ bandwidthBytesPerSecond: 0 });
      h.manager.resume(id);
      const snap = await h.manager.waitFor(id);
      expect(snap.state).toBe('complete');
      expect(hashTree(dest)).toEqual(expectedTree(files));
      // A pause flushes and journals what arrived; only bytes still in socket buffers come twice.
      expect(bytesServed()).toBeLessThan(SIZE + 2 * 4 * MiB);
    } finally {
      await h.close();
    }
  });

  it('after kill -9, a new manager resumes from the journal without re-fetching what was written', async () => {
    emu.faults.update({ bandwidthBytesPerSecond: 3 * MiB });
    const journalDir = tempDir('masv-dl-journal-');
    const dest = tempDir();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(here, 'fixtures', 'download-child.ts'),
        emu.apiUrl,
        linkHostOf(emu),
        journalDir,
        pub.linkUrl,
        dest,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killedAt = await new Promise<number>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(
        () => reject(new Error(`child made no progress: ${stderr}`)),
        30_000,
      );
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const matches = [...buf.matchAll(/bytes (\d+)/g)];
        const last = Number(matches[matches.length - 1]?.[1] ?? 0);
        if (last >= 12 * MiB) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(-1);
      });
    });
    expect(killedAt).toBeGreaterThanOrEqual(12 * MiB);
    await new Promise((r) => child.once('exit', r).once('close', r));
    // The journal, and the ownership lock the killed process could not remove.
    expect(readdirSync(journalDir).sort()).toEqual([
      expect.stringMatching(/\.jsonl$/),
      expect.stringMatching(/\.lock$/),
    ]);
    const beforeResume = bytesServed();

    emu.faults.update({ bandwidthBytesPerSecond: 0 });
    // Compacting often on the resume side too: the journal must survive rewrites.
    // The killed process kept the link secret in the keychain; the journal has none of it.
    const journalText = readFileSync(
      join(
        journalDir,
        readdirSync(journalDir).find((n) => n.endsWith('.jsonl'))!,
      ),
      'utf8',
    );
    expect(journalText).not.toContain(new URL(pub.linkUrl).searchParams.get('secret'));
    const secrets = new SecretStore(await loadKeytar());
    const h = harness(emu, { journalDir, secrets, settings: { compactEvery: 3 } });
    try {
      const {
        restored: [id],
      } = await h.manager.restoreFromJournals();
      expect(id).toBeDefined();
      const snap = await h.manager.waitFor(id!);
      expect(snap.error).toBeUndefined();
      expect(snap.state).toBe('complete');
      expect(hashTree(dest)).toEqual(expectedTree(files));
      const afterResume = bytesServed() - beforeResume;
      // At most the in-flight bytes of 2 connections are fetched again: per connection one
      // unjournaled checkpoint (1 MiB), one write batch (1 MiB) and socket buffers.
      expect(afterResume).toBeLessThanOrEqual(SIZE - killedAt + 2 * 5 * MiB);
      expect(afterResume).toBeLessThan(SIZE - 4 * MiB);
    } finally {
      await h.close();
    }
  });
});

describe('expired download token', () => {
  it('opens the link again and carries on when the package token expires mid-download', async () => {
    const shortEmu = await startEmulator({
      dataDir: tempDir('masv-dl-emu-'),
      tokenLifetimeSeconds: 2,
    });
    try {
      const small = [file('', 'a.txt', 1000)];
      const published = await publish(shortEmu, small);
      // The first URL request is held past the token's lifetime, so it is answered 401.
      shortEmu.faults.update({
        rules: [
          { route: 'api:downloadFile', rate: 1, count: 1, action: { kind: 'latency', ms: 3000 } },
        ],
      });
      const h = harness(shortEmu);
      try {
        const dest = tempDir();
        const snap = await h.manager.waitFor(
          h.manager.start('download', { linkUrl: published.linkUrl, destination: dest }),
        );
        expect(snap.error).toBeUndefined();
        expect(snap.state).toBe('complete');
        expect(hashTree(dest)).toEqual(expectedTree(small));
        const opens = shortEmu.requestLog.entries().filter((e) => e.route === 'api:openLink');
        expect(opens.map((e) => e.status)).toEqual([200, 200]);
        expect(
          shortEmu.requestLog
            .entries()
            .some((e) => e.route === 'api:downloadFile' && e.status === 401),
        ).toBe(true);
      } finally {
        await h.close();
      }
    } finally {
      await shortEmu.close();
    }
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
