import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isJunk, scanInputs } from '../../../../electron/engine/upload/scan-inputs';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'scan-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function file(rel: string, content = 'x'): Promise<string> {
  const p = join(root, rel);
  await mkdir(join(p, '..'), { recursive: true });
  await writeFile(p, content);
  return p;
}

describe('scanInputs', () => {
  it('walks folders keeping package-relative paths, sorted, with sizes', async () => {
    await file('shoot/b.txt', 'bb');
    await file('shoot/a/1.txt', '1');
    await file('shoot/a/empty.bin', '');
    const single = await file('single.txt', 'sss');
    const r = await scanInputs([join(root, 'shoot'), single]);
    expect(r.files.map((f) => [f.dir, f.name, f.size])).toEqual([
      ['shoot/a', '1.txt', 1],
      ['shoot/a', 'empty.bin', 0],
      ['shoot', 'b.txt', 2],
      ['', 'single.txt', 3],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('skips OS junk and reports it', async () => {
    for (const n of ['.DS_Store', 'desktop.ini', 'Thumbs.db', '._x.mov', 'DESKTOP.INI'])
      await file(`f/${n}`);
    await file('f/.fcpcache/a');
    await file('f/keep.mov');
    const r = await scanInputs([join(root, 'f')]);
    expect(r.files.map((f) => f.name)).toEqual(['keep.mov']);
    expect(r.skipped).toHaveLength(6);
    expect(r.skipped.every((s) => s.endsWith(': system file'))).toBe(true);
    expect(isJunk('.fcpcache')).toBe(true);
    expect(isJunk('normal._name')).toBe(false);
  });

  it('never follows a symlink out of the chosen folder; folder links are skipped; file links inside are kept', async () => {
    const secret = await file('secret.txt', 'nope');
    await file('pick/real.txt', 'real');
    await mkdir(join(root, 'pick', 'sub'), { recursive: true });
    await symlink(secret, join(root, 'pick', 'out.txt'));
    await symlink(join(root, 'pick', 'real.txt'), join(root, 'pick', 'in.txt'));
    await symlink(join(root, 'pick', 'sub'), join(root, 'pick', 'loop'));
    await symlink(join(root, 'missing'), join(root, 'pick', 'dangling'));
    const r = await scanInputs([join(root, 'pick')]);
    expect(r.files.map((f) => f.name)).toEqual(['in.txt', 'real.txt']);
    expect(r.skipped.sort()).toEqual([
      `${join(root, 'pick', 'dangling')}: symbolic link to outside the chosen folder`,
      `${join(root, 'pick', 'loop')}: symbolic link to a folder`,
      `${join(root, 'pick', 'out.txt')}: symbolic link to outside the chosen folder`,
    ]);
  });

  it('renames clashing package paths', async () => {
    const a = await file('a/x.txt');
    const b = await file('b/x.txt');
    const c = await file('c/x.txt');
    const r = await scanInputs([a, b, c]);
    expect(r.files.map((f) => f.name)).toEqual(['x.txt', 'x (2).txt', 'x (3).txt']);
    expect(r.renamed).toEqual([
      { from: b, to: 'x (2).txt' },
      { from: c, to: 'x (3).txt' },
    ]);
  });

  it('sends empty folders (and folders holding only OS junk) as entries, not their parents', async () => {
    await file('tree/a.txt');
    await mkdir(join(root, 'tree', 'empty'), { recursive: true });
    await mkdir(join(root, 'tree', 'deep', 'er'), { recursive: true });
    await file('tree/junk/.DS_Store');
    await mkdir(join(root, 'alone'), { recursive: true });
    const r = await scanInputs([join(root, 'tree'), join(root, 'alone')]);
    expect(r.files.map((f) => `${f.dir}/${f.name}`)).toEqual(['tree/a.txt']);
    expect(r.dirs.map((d) => [d.dir, d.name])).toEqual([
      ['tree/deep', 'er'],
      ['tree', 'empty'],
      ['tree', 'junk'],
      ['', 'alone'],
    ]);
    expect(r.dirs[0]?.absPath).toBe(join(root, 'tree', 'deep', 'er'));
  });

  it('rejects relative and missing paths with clear errors', async () => {
    await expect(scanInputs(['relative/path'])).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(scanInputs([join(root, 'nope')])).rejects.toMatchObject({
      code: 'source-unreadable',
    });
  });
});
