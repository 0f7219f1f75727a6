// Empty folders from a package listing are recreated under the same safe-path rules as files.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createDirectories,
  planDirectories,
  selectDirectories,
} from '../../../electron/engine/download/empty-dirs';
import { globMatcher } from '../../../electron/engine/download/preflight';
import type { RemoteFile } from '../../../electron/masv/client';

const dir = (id: string, path: string, name: string): RemoteFile => ({
  id,
  kind: 'directory',
  path,
  name,
  size: 0,
});

describe('empty folders of a download', () => {
  it('are chosen unless the user picked files by id, and follow the globs', () => {
    const listing: RemoteFile[] = [
      { id: 'F', kind: 'file', path: 'day1', name: 'a.mov', size: 1 },
      dir('D1', 'day1', 'empty'),
      dir('D2', 'day2', 'empty'),
    ];
    expect(selectDirectories(listing, {}, globMatcher(undefined)).map((d) => d.id)).toEqual([
      'D1',
      'D2',
    ]);
    expect(selectDirectories(listing, {}, globMatcher(['day1/**'])).map((d) => d.id)).toEqual([
      'D1',
    ]);
    expect(selectDirectories(listing, { fileIds: ['F'] }, globMatcher(undefined))).toEqual([]);
  });

  it('never leave the destination, skip what a file occupies, and refuse planted symlinks', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dl-dirs-'));
    const outside = mkdtempSync(join(tmpdir(), 'dl-outside-'));
    writeFileSync(join(root, 'taken'), 'a file');
    const planned = await planDirectories(
      root,
      [
        dir('1', '../..', 'escape'),
        dir('2', '/etc', 'abs'),
        dir('3', 'ok', 'fine'),
        dir('4', '', 'taken'),
        dir('5', 'clip.mov', 'under-a-file'),
        dir('6', 'ok', 'fine'),
      ],
      ['clip.mov'],
      { os: 'linux', maxPathBytes: 4000 },
    );
    expect(planned.dirs).toEqual(['escape', 'etc/abs', 'ok/fine']);
    expect(planned.skipped).toEqual(['taken', 'clip.mov/under-a-file']);
    expect(planned.renamed).toEqual([
      { from: '../../escape', to: 'escape' },
      { from: '/etc/abs', to: 'etc/abs' },
    ]);
    await createDirectories(root, planned.dirs);
    expect(readdirSync(root).sort()).toEqual(['escape', 'etc', 'ok', 'taken']);
    expect(readdirSync(join(root, 'ok', 'fine'))).toEqual([]);
    // Idempotent: a resume runs it again without harm.
    await createDirectories(root, planned.dirs);

    // A symlink planted where a folder goes is refused, and nothing appears outside.
    mkdirSync(join(root, 'trap'));
    symlinkSync(outside, join(root, 'trap', 'link'));
    await expect(createDirectories(root, ['trap/link/inner'])).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/symbolic link/),
    });
    expect(existsSync(join(outside, 'inner'))).toBe(false);
  });
});
