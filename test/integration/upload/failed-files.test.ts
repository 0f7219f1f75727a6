// One bad file does not sink an upload: a file that changes mid-send or cannot be read fails on
// its own while the others are sent; the package is never finalized without it unless the user
// says so; a changed file is resent as it is now with one call (restartChangedFiles), or the
// failed ones are left out on request (finalizeWithoutFailed).
import { appendFile, chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFile, partPuts, sha256, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';
import { readFileSync } from 'node:fs';

const MiB = 1024 * 1024;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ partConcurrency: 2 });
});
afterAll(async () => {
  await h.close();
});

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const packageState = async (id: string) =>
  (await h.deps.client.getTeamPackage(h.emu.demo.teamId, id)).state;

describe('an upload with a file that changes mid-send', () => {
  it('sends the others, does not finalize, and resends the new content on request', async () => {
    const dir = join(h.root, 'changing');
    const digests = new Map<string, string>();
    for (let i = 0; i < 3; i++)
      digests.set(`changing/ok${i}.bin`, await makeFile(join(dir, `ok${i}.bin`), 3 * MiB + i));
    await makeFile(join(dir, 'moving.bin'), 20 * MiB);
    // Slow parts, so the change lands while the big file is being sent.
    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 300 } }],
    });
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({
      paths: [dir],
      name: 'changing',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    await until(() => [...partPuts(h).values()].length >= 2, 'two parts');
    await appendFile(join(dir, 'moving.bin'), 'a late addition');
    const snap = await h.manager.waitFor(id);
    h.emu.faults.clear();
    expect(snap).toMatchObject({
      state: 'failed',
      failedFiles: 1,
      filesDone: 3,
      error: { code: 'partial', message: expect.stringContaining('not finalized') },
    });
    const files = new Map(h.manager.files(id).map((f) => [f.path, f]));
    expect(files.get('changing/moving.bin')).toMatchObject({
      state: 'failed',
      error: { code: 'source-changed' },
    });
    for (const p of digests.keys()) expect(files.get(p)?.state, p).toBe('complete');
    // Never finalized with a file missing.
    expect(await packageState(snap.packageId!)).toBe('new');

    // One call resends it as it is now; the package then holds the new content.
    expect(await h.manager.restartChangedFiles(id)).toBe(1);
    const done = await h.manager.waitFor(id);
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('complete');
    digests.set('changing/moving.bin', sha256(readFileSync(join(dir, 'moving.bin'))));
    const stored = await storedFiles(h, done.packageId!);
    expect(new Map([...stored].map(([p, f]) => [p, f.sha256]))).toEqual(digests);
  }, 60_000);
});

describe.runIf(process.getuid?.() !== 0)('an unreadable file (not as root)', () => {
  it('is retried on resume once readable', async () => {
    // Root reads anything: this case needs an ordinary user (CI runs as root, see below).
    const dir = join(h.root, 'locked');
    await makeFile(join(dir, 'a.bin'), 1000);
    await writeFile(join(dir, 'b.bin'), 'secret');
    await chmod(join(dir, 'b.bin'), 0);
    const id = h.manager.startUpload({
      paths: [dir],
      name: 'locked',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    expect(await h.manager.waitFor(id)).toMatchObject({ state: 'failed', failedFiles: 1 });
    await chmod(join(dir, 'b.bin'), 0o644);
    h.manager.resume(id);
    expect((await h.manager.waitFor(id)).state).toBe('complete');
  });
});

describe('leaving failed files out', () => {
  it('finalizes without them only on request, and their entries leave the package', async () => {
    const dir = join(h.root, 'leave-out');
    const keep = await makeFile(join(dir, 'keep.bin'), 6 * MiB);
    await makeFile(join(dir, 'drift.bin'), 12 * MiB);
    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 300 } }],
    });
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({
      paths: [dir],
      name: 'leave out',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    await until(() => [...partPuts(h).values()].length >= 1, 'a part');
    await appendFile(join(dir, 'drift.bin'), 'x');
    const snap = await h.manager.waitFor(id);
    h.emu.faults.clear();
    expect(snap).toMatchObject({ state: 'failed', failedFiles: 1 });
    expect(await packageState(snap.packageId!)).toBe('new');

    expect(await h.manager.finalizeWithoutFailed(id)).toBe(1);
    const done = await h.manager.waitFor(id);
    expect(done.state).toBe('complete');
    expect(done.filesTotal).toBe(1);
    expect(done.skipped).toEqual([expect.stringMatching(/^leave-out\/drift\.bin: left out/)]);
    expect(await packageState(done.packageId!)).toBe('finalized');
    const stored = await storedFiles(h, done.packageId!);
    expect([...stored.keys()]).toEqual(['leave-out/keep.bin']);
    expect(stored.get('leave-out/keep.bin')?.sha256).toBe(keep);
  }, 60_000);
});
