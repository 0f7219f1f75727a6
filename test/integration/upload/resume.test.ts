// Crash-safe resume: a NEW TransferManager on the same journal folder picks up an upload the
// first one abandoned mid-way and sends only the parts the journal does not hold.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../../electron/engine/journal';
import { makeFile, partPuts, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';

const MiB = 1024 * 1024;
let h: Harness;
beforeAll(async () => {
  // A tiny compaction threshold makes the journal rewrite itself while parts are being acked.
  h = await startHarness({ partConcurrency: 2, settings: { compactEvery: 3 } });
});
afterAll(async () => {
  await h.close();
});

async function until(
  cond: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Rec = { t: string; i?: number; n?: number; uploadId?: string; s?: string };

async function journal(id: string): Promise<Rec[]> {
  const text = await readFile(join(h.journalDir, `${id}.jsonl`), 'utf8').catch(() => '');
  return parseJournal<Rec>(text);
}

/** "uploadId#part" for every part the journal acknowledges. */
function ackedKeys(records: Rec[]): Set<string> {
  const uploadIds = new Map<number, string>();
  const out = new Set<string>();
  for (const r of records) {
    if (r.t === 'mp') uploadIds.set(r.i!, r.uploadId!);
    if (r.t === 'part') out.add(`${uploadIds.get(r.i!)}#${r.n}`);
  }
  return out;
}

describe('resume from the journal', () => {
  it('a new manager resumes an abandoned upload and re-sends no acknowledged part', async () => {
    const dir = join(h.root, 'resume');
    const expected = new Map<string, string>();
    expected.set('resume/big.bin', await makeFile(join(dir, 'big.bin'), 60 * MiB + 3));
    expected.set('resume/second.bin', await makeFile(join(dir, 'second.bin'), 11 * MiB));
    for (let i = 0; i < 5; i++)
      expected.set(`resume/s${i}.txt`, await makeFile(join(dir, `s${i}.txt`), 10 + i));
    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 120 } }],
    });
    const first = h.manager;
    const id = first.startUpload({
      paths: [dir],
      name: 'resume',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    await until(async () => ackedKeys(await journal(id)).size >= 5, 'five acknowledged parts');
    await first.shutdown();
    h.emu.faults.clear();

    const before = await journal(id);
    const acked = ackedKeys(before);
    expect(before.filter((r) => r.t === 'state').pop()?.s).toBe('transferring');
    // Let parts aborted by the shutdown reach the server log before counting.
    await new Promise((r) => setTimeout(r, 300));
    const putsBefore = partPuts(h);

    const second = h.newManager();
    const restored = await second.restoreFromJournals();
    expect(restored).toEqual({ restored: [id], busy: [] });
    const snap = await second.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');

    const putsAfter = partPuts(h);
    // Every part the journal acknowledged was sent exactly once, by the first manager.
    for (const k of acked) {
      expect(putsBefore.get(k), k).toBe(1);
      expect(putsAfter.get(k), k).toBe(1);
    }
    // The second manager sent exactly the rest: 13 + 3 + 5 parts in all.
    const total = 13 + 3 + 5;
    expect(putsAfter.size).toBe(total);
    const sentBySecond = [...putsAfter].reduce((a, [k, n]) => a + n - (putsBefore.get(k) ?? 0), 0);
    expect(sentBySecond).toBe(total - acked.size);

    const stored = await storedFiles(h, snap.packageId!);
    expect(stored.size).toBe(expected.size);
    for (const [path, digest] of expected) expect(stored.get(path)?.sha256, path).toBe(digest);
    // A completed upload leaves no journal behind.
    expect((await second.restoreFromJournals()).restored).toEqual([]);
  });

  it('a paused upload comes back paused after a restart, and resumes on request', async () => {
    const src = join(h.root, 'paused.bin');
    const digest = await makeFile(src, 12 * MiB);
    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 150 } }],
    });
    const a = h.newManager();
    const id = a.startUpload({
      paths: [src],
      name: 'paused',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    await until(() => a.get(id)?.state === 'transferring', 'transferring');
    await a.pause(id);
    await a.shutdown();
    h.emu.faults.clear();
    const b = h.newManager();
    expect((await b.restoreFromJournals()).restored).toContain(id);
    expect(b.get(id)?.state).toBe('paused');
    b.resume(id);
    const snap = await b.waitFor(id);
    expect(snap.state).toBe('complete');
    expect((await storedFiles(h, snap.packageId!)).get('paused.bin')?.sha256).toBe(digest);
  });

  it('a file added but never started before the crash is added again and the stale entry removed', async () => {
    const src = join(h.root, 'stray.bin');
    const digest = await makeFile(src, 2000);
    // Hold the storage create so the first manager stops between add-file and create-multipart.
    h.emu.faults.update({
      rules: [{ route: 'storage:createMultipart', rate: 1, action: { kind: 'latency', ms: 3000 } }],
    });
    const a = h.newManager();
    const id = a.startUpload({
      paths: [src],
      name: 'stray',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    await until(async () => (await journal(id)).some((r) => r.t === 'file'), 'file added');
    await a.shutdown();
    h.emu.faults.clear();
    const b = h.newManager();
    await b.restoreFromJournals();
    const snap = await b.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');
    const stored = await storedFiles(h, snap.packageId!);
    expect([...stored.keys()]).toEqual(['stray.bin']);
    expect(stored.get('stray.bin')?.sha256).toBe(digest);
    expect(
      h.emu.requestLog.entries().some((e) => e.route === 'api:deleteFile' && e.status === 204),
    ).toBe(true);
  });
});
