// More files for a package left open (idle): scanned like the first ones, journaled in one record,
// sent, and the package rests open again until it is finalized; a restart in between keeps them;
// a path the package already holds refuses the whole addition.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFile, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';

const MiB = 1024 * 1024;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const team = (): { kind: 'team'; teamId: string } => ({ kind: 'team', teamId: h.emu.demo.teamId });

async function idleUpload(
  name: string,
): Promise<{ id: string; packageId: string; digest: string }> {
  const src = join(h.root, name, 'first.bin');
  const digest = await makeFile(src, 6 * MiB);
  const id = h.manager.startUpload({ paths: [src], name, target: team(), finalize: false });
  const snap = await h.manager.waitFor(id);
  expect(snap.state).toBe('idle');
  return { id, packageId: snap.packageId!, digest };
}

describe('adding files to an upload left open', () => {
  it('sends a file and a folder, rests open, and finalizes with every byte', async () => {
    const { id, packageId, digest } = await idleUpload('more');
    const extra = join(h.root, 'more-extra');
    const loose = await makeFile(join(extra, 'loose.bin'), 7 * MiB + 3);
    const nested = await makeFile(join(extra, 'Reels', 'day2', 'b.mov'), 2 * MiB);
    await mkdir(join(extra, 'Reels', 'empty'), { recursive: true });
    await writeFile(join(extra, 'Reels', '.DS_Store'), 'junk');

    const added = await h.manager.addUploadFiles(id, [
      join(extra, 'loose.bin'),
      join(extra, 'Reels'),
    ]);
    expect(added).toBe(2);
    const snap = await h.manager.waitFor(id);
    expect(snap).toMatchObject({ state: 'idle', filesTotal: 3, filesDone: 3 });
    expect(snap.bytesDone).toBe(6 * MiB + 7 * MiB + 3 + 2 * MiB);
    expect(snap.skipped?.some((s) => s.includes('.DS_Store'))).toBe(true);
    expect((await h.deps.client.getTeamPackage(h.emu.demo.teamId, packageId)).state).toBe('new');

    h.manager.finalizeUpload(id);
    expect((await h.manager.waitFor(id)).state).toBe('complete');
    const stored = await storedFiles(h, packageId);
    expect([...stored.keys()].sort()).toEqual(['Reels/day2/b.mov', 'first.bin', 'loose.bin']);
    expect(stored.get('first.bin')?.sha256).toBe(digest);
    expect(stored.get('loose.bin')?.sha256).toBe(loose);
    expect(stored.get('Reels/day2/b.mov')?.sha256).toBe(nested);
  });

  it('refuses a file the package already holds, adds nothing, and stays open', async () => {
    const { id } = await idleUpload('clash');
    const other = join(h.root, 'clash-other', 'first.bin');
    await makeFile(other, 1024);
    const also = join(h.root, 'clash-other', 'fine.bin');
    await makeFile(also, 1024);
    await expect(h.manager.addUploadFiles(id, [also, other])).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('already holds a file at first.bin'),
    });
    expect(h.manager.get(id)).toMatchObject({ state: 'idle', filesTotal: 1 });
    const journal = await readFile(join(h.journalDir, `${id}.jsonl`), 'utf8');
    expect(journal).not.toContain('fine.bin');
  });

  it('refuses a transfer that is not open for more', async () => {
    const src = join(h.root, 'done', 'a.bin');
    await makeFile(src, 1024);
    const id = h.manager.startUpload({ paths: [src], name: 'done', target: team() });
    expect((await h.manager.waitFor(id)).state).toBe('complete');
    await expect(h.manager.addUploadFiles(id, [src])).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('this one is complete'),
    });
  });

  it('keeps added files across a restart that lands before they are sent', async () => {
    const { id, packageId } = await idleUpload('restart');
    const extra = join(h.root, 'restart-extra', 'late.bin');
    const digest = await makeFile(extra, 12 * MiB);
    // Parts held back so the engine is stopped with the new file journaled but not yet sent.
    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 400 } }],
    });
    await h.manager.addUploadFiles(id, [extra]);
    await h.manager.shutdown();
    h.emu.faults.clear();

    const again = h.newManager();
    // The interrupted run starts again by itself, with the added file in its plan.
    expect((await again.restoreFromJournals()).restored).toContain(id);
    expect(again.get(id)).toMatchObject({ filesTotal: 2 });
    const snap = await again.waitFor(id);
    expect(snap).toMatchObject({ state: 'idle', filesTotal: 2, filesDone: 2 });
    again.finalizeUpload(id);
    expect((await again.waitFor(id)).state).toBe('complete');
    expect((await storedFiles(h, packageId)).get('late.bin')?.sha256).toBe(digest);
  });
});
