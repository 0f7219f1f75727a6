// Byte-identical uploads across the edge sizes of the chunk plan, folder trees with unicode
// names, OS junk and symlinks, and thousands of small files.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

function team(): { kind: 'team'; teamId: string } {
  return { kind: 'team', teamId: h.emu.demo.teamId };
}

describe('upload sizes (5 MiB parts)', () => {
  it.each([
    ['empty', 0, 1],
    ['one byte', 1, 1],
    ['exactly one part', 5 * MiB, 1],
    ['one part + 1 byte', 5 * MiB + 1, 2],
    ['many parts', 23 * MiB + 17, 5],
  ])('%s (%i bytes) arrives byte-identical in %i part(s)', async (label, size, parts) => {
    const src = join(h.root, 'sizes', `${label.replace(/ /g, '-')}.bin`);
    const digest = await makeFile(src, size);
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({
      paths: [src],
      name: label,
      target: team(),
      verifyEtags: true,
    });
    const snap = await h.manager.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap).toMatchObject({
      state: 'complete',
      bytesDone: size,
      bytesTotal: size,
      filesDone: 1,
      filesTotal: 1,
    });
    const stored = await storedFiles(h, snap.packageId!);
    expect([...stored.entries()]).toEqual([[src.split('/').pop(), { size, sha256: digest }]]);
    const puts = partPuts(h);
    expect(puts.size).toBe(parts);
    expect([...puts.values()].every((n) => n === 1)).toBe(true);
    // Nothing left to resume once complete.
    expect(h.manager.get(id)?.state).toBe('complete');
  });
});

describe('folders', () => {
  it('keeps relative paths (unicode too), skips OS junk and symlinks leaving the folder', async () => {
    const base = join(h.root, 'tree');
    const top = join(base, 'Projekt Ünïcödé 🎬');
    const expected = new Map<string, { size: number; sha256: string }>();
    const add = async (rel: string, size: number): Promise<void> => {
      expected.set(`Projekt Ünïcödé 🎬/${rel}`, {
        size,
        sha256: await makeFile(join(top, rel), size),
      });
    };
    await add('readme.txt', 10);
    await add('día 1/cam-a/clip 01.mov', 6 * MiB);
    await add('día 1/cam-a/空.bin', 0);
    await add('día 1/音声/track.wav', 1234);
    await add('deep/a/b/c/d/e.txt', 5);
    await writeFile(join(top, '.DS_Store'), 'junk');
    await writeFile(join(top, 'día 1', 'Thumbs.db'), 'junk');
    await writeFile(join(top, 'día 1', '._clip 01.mov'), 'junk');
    await mkdir(join(top, 'x.fcpcache'), { recursive: true });
    await mkdir(join(top, '.fcpcache'), { recursive: true });
    await writeFile(join(top, '.fcpcache', 'inside'), 'junk');
    const outside = join(base, 'outside-secret.txt');
    await writeFile(outside, 'not for upload');
    await symlink(outside, join(top, 'link-out'));
    await symlink(join(top, 'readme.txt'), join(top, 'link-in.txt'));
    expected.set('Projekt Ünïcödé 🎬/link-in.txt', expected.get('Projekt Ünïcödé 🎬/readme.txt')!);
    const single = join(base, 'loose file.txt');
    expected.set('loose file.txt', { size: 3, sha256: await makeFile(single, 3) });

    const id = h.manager.startUpload({ paths: [top, single], name: 'tree', target: team() });
    const snap = await h.manager.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');
    const stored = await storedFiles(h, snap.packageId!);
    expect(new Map([...stored].sort())).toEqual(new Map([...expected].sort()));
    const skipped = (snap.skipped ?? []).join('\n');
    expect(skipped).toMatch(/\.DS_Store: system file/);
    expect(skipped).toMatch(/Thumbs\.db: system file/);
    expect(skipped).toMatch(/\._clip 01\.mov: system file/);
    expect(skipped).toMatch(/link-out: symbolic link to outside the chosen folder/);
    expect(skipped).toMatch(/\.fcpcache: system file/);
  });

  it('renames a second file with the same package path and reports it', async () => {
    const a = join(h.root, 'dup', 'a', 'notes.txt');
    const b = join(h.root, 'dup', 'b', 'notes.txt');
    const da = await makeFile(a, 11);
    const db = await makeFile(b, 12);
    const id = h.manager.startUpload({ paths: [a, b], name: 'dup', target: team() });
    const snap = await h.manager.waitFor(id);
    expect(snap.state).toBe('complete');
    expect(snap.renamed).toEqual([{ from: b, to: 'notes (2).txt' }]);
    const stored = await storedFiles(h, snap.packageId!);
    expect(stored.get('notes.txt')?.sha256).toBe(da);
    expect(stored.get('notes (2).txt')?.sha256).toBe(db);
  });

  it('fails clearly when the selection holds nothing to upload', async () => {
    const dir = join(h.root, 'only-junk');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.DS_Store'), 'x');
    const id = h.manager.startUpload({ paths: [dir], name: 'nothing', target: team() });
    const snap = await h.manager.waitFor(id);
    expect(snap.state).toBe('failed');
    expect(snap.error).toEqual({
      code: 'invalid-input',
      message: 'nothing to upload (no files in the selection)',
    });
  });
});

describe('many small files', () => {
  it('uploads 2,000 small files with every byte intact', async () => {
    const dir = join(h.root, 'many');
    const expected = new Map<string, string>();
    await Promise.all(
      Array.from({ length: 2000 }, async (_, i) => {
        const rel = `d${i % 20}/f${String(i).padStart(4, '0')}.txt`;
        expected.set(`many/${rel}`, await makeFile(join(dir, rel), 1 + (i % 97)));
      }),
    );
    const id = h.manager.startUpload({ paths: [dir], name: 'many', target: team() });
    const snap = await h.manager.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap).toMatchObject({ state: 'complete', filesDone: 2000, filesTotal: 2000 });
    const stored = await storedFiles(h, snap.packageId!);
    expect(stored.size).toBe(2000);
    for (const [path, digest] of expected) expect(stored.get(path)?.sha256, path).toBe(digest);
  });
});
