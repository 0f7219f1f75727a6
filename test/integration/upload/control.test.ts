// Pause/resume, cancel, leaving a package open, source files changing mid-upload, and the
// shared bandwidth limit changing while a transfer runs.
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../../shared/transfers';
import { makeFile, partPuts, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';

const MiB = 1024 * 1024;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.emu.faults.clear();
  h.manager.setUploadLimit(null);
});

const team = (): { kind: 'team'; teamId: string } => ({ kind: 'team', teamId: h.emu.demo.teamId });

async function until(
  cond: () => boolean | Promise<boolean>,
  what: string,
  ms = 20_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const okPuts = (): number => [...partPuts(h).values()].reduce((a, b) => a + b, 0);
const slowParts = (ms: number): void =>
  h.emu.faults.update({
    rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms } }],
  });

describe('pause and resume', () => {
  it('pause stops all traffic at once; resume finishes with identical bytes', async () => {
    const src = join(h.root, 'pause.bin');
    const digest = await makeFile(src, 40 * MiB);
    // Parts take a second at the server, so the pause lands while they are in flight.
    slowParts(1000);
    h.emu.requestLog.clear();
    const events: TransferEvent[] = [];
    const off = h.manager.onEvent((e) => events.push(e));
    const id = h.manager.startUpload({ paths: [src], name: 'pause', target: team() });
    await until(() => (h.manager.get(id)?.bytesDone ?? 0) > 0, 'bytes in flight');
    await h.manager.pause(id);
    // pause() returned while the server was still holding every part: it aborted them.
    expect(h.manager.get(id)).toMatchObject({ state: 'paused', bytesDone: 0 });
    const ok = (): number =>
      h.emu.requestLog.entries().filter((e) => e.route === 'storage:uploadPart' && e.status === 200)
        .length;
    expect(ok()).toBe(0);
    // Past the server's delay: the aborted bodies never completed, and nothing new was sent.
    await new Promise((r) => setTimeout(r, 1300));
    const all = (): number =>
      h.emu.requestLog.entries().filter((e) => e.route === 'storage:uploadPart').length;
    expect(ok()).toBe(0);
    const settled = all();
    await new Promise((r) => setTimeout(r, 300));
    expect(all()).toBe(settled);
    h.emu.faults.clear();
    h.manager.resume(id);
    const snap = await h.manager.waitFor(id);
    off();
    expect(snap.state).toBe('complete');
    expect((await storedFiles(h, snap.packageId!)).get('pause.bin')?.sha256).toBe(digest);
    const mine = events.filter((e) => e.snapshot.id === id);
    const states = mine.filter((e) => e.type === 'state').map((e) => e.snapshot.state);
    expect(states).toEqual(
      expect.arrayContaining([
        'queued',
        'preparing',
        'transferring',
        'paused',
        'finalizing',
        'complete',
      ]),
    );
    expect(states.indexOf('paused')).toBeLessThan(states.lastIndexOf('transferring'));
    const seqs = mine.map((e) => e.snapshot.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('pauseAll / resumeAll act on every transfer', async () => {
    const a = join(h.root, 'pa.bin');
    const b = join(h.root, 'pb.bin');
    const da = await makeFile(a, 12 * MiB);
    const db = await makeFile(b, 12 * MiB);
    slowParts(150);
    const ida = h.manager.startUpload({ paths: [a], name: 'pa', target: team() });
    const idb = h.manager.startUpload({ paths: [b], name: 'pb', target: team() });
    await until(
      () =>
        h.manager.get(ida)?.state === 'transferring' &&
        h.manager.get(idb)?.state === 'transferring',
      'both transferring',
    );
    await h.manager.pauseAll();
    expect([h.manager.get(ida)?.state, h.manager.get(idb)?.state]).toEqual(['paused', 'paused']);
    h.manager.resumeAll();
    const [sa, sb] = await Promise.all([h.manager.waitFor(ida), h.manager.waitFor(idb)]);
    expect((await storedFiles(h, sa.packageId!)).get('pa.bin')?.sha256).toBe(da);
    expect((await storedFiles(h, sb.packageId!)).get('pb.bin')?.sha256).toBe(db);
  });
});

describe('cancel', () => {
  it('deletes the package on the server and forgets the journal', async () => {
    const src = join(h.root, 'cancel.bin');
    await makeFile(src, 30 * MiB);
    slowParts(150);
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({ paths: [src], name: 'cancel', target: team() });
    await until(() => okPuts() >= 1, 'a part');
    const pkgId = h.manager.get(id)!.packageId!;
    await h.manager.cancel(id);
    expect(h.manager.get(id)?.state).toBe('cancelled');
    await expect(h.deps.client.getTeamPackage(h.emu.demo.teamId, pkgId)).rejects.toMatchObject({
      code: 'not-found',
      status: 404,
    });
    await expect(stat(join(h.journalDir, `${id}.jsonl`))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('finalize: false', () => {
  it('sends every byte but leaves the package open (idle); finalizeUpload completes it later', async () => {
    const src = join(h.root, 'idle.bin');
    const digest = await makeFile(src, 6 * MiB);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'idle',
      target: team(),
      finalize: false,
    });
    const snap = await h.manager.waitFor(id);
    expect(snap).toMatchObject({ state: 'idle', bytesDone: 6 * MiB, filesDone: 1 });
    expect((await h.deps.client.getTeamPackage(h.emu.demo.teamId, snap.packageId!)).state).toBe(
      'new',
    );
    h.manager.finalizeUpload(id);
    const done = await h.manager.waitFor(id);
    expect(done.state).toBe('complete');
    expect((await h.deps.client.getTeamPackage(h.emu.demo.teamId, snap.packageId!)).state).toBe(
      'finalized',
    );
    expect((await storedFiles(h, snap.packageId!)).get('idle.bin')?.sha256).toBe(digest);
  });
});

describe('source changes', () => {
  it('a file growing during upload fails with source-changed, naming the file', async () => {
    const src = join(h.root, 'changing.bin');
    await makeFile(src, 30 * MiB);
    slowParts(200);
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({ paths: [src], name: 'changing', target: team() });
    await until(() => okPuts() >= 1, 'a part');
    await appendFile(src, 'more bytes');
    const snap = await h.manager.waitFor(id);
    // The file fails on its own; the package is not finalized without it (failed-files.test.ts).
    expect(snap).toMatchObject({ state: 'failed', failedFiles: 1, error: { code: 'partial' } });
    const [file] = h.manager.files(id);
    expect(file?.error?.code).toBe('source-changed');
    expect(file?.error?.message).toMatch(/changing\.bin changed while it was being uploaded/);
    // Failed transfers keep their journal (so the user can retry after fixing the cause).
    expect(await readFile(join(h.journalDir, `${id}.jsonl`), 'utf8')).toContain('"failed"');
  });
});

describe('bandwidth limit', () => {
  it('holds a transfer to the limit and lets it go when the limit is lifted while running', async () => {
    const src = join(h.root, 'limited.bin');
    const digest = await makeFile(src, 3 * MiB);
    h.manager.setUploadLimit(64 * 1024);
    const id = h.manager.startUpload({ paths: [src], name: 'limited', target: team() });
    await until(() => (h.manager.get(id)?.bytesDone ?? 0) > 0, 'first bytes');
    await new Promise((r) => setTimeout(r, 500));
    // At 64 KiB/s, half a second moves well under 1 MiB (a 1 MiB read may go out at once).
    expect(h.manager.get(id)!.bytesDone).toBeLessThan(1.5 * MiB);
    h.manager.setUploadLimit(null);
    const snap = await h.manager.waitFor(id);
    expect(snap.state).toBe('complete');
    expect((await storedFiles(h, snap.packageId!)).get('limited.bin')?.sha256).toBe(digest);
  });
});
