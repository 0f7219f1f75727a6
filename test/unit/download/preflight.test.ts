import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFreeSpace,
  planFiles,
  scanExisting,
  selectFiles,
} from '../../../electron/engine/download/preflight';
import type { RemoteFile } from '../../../electron/masv/client';

const remote: RemoteFile[] = [
  { id: 'A', kind: 'file', name: 'a.mov', path: 'day1/cam', size: 10 },
  { id: 'B', kind: 'file', name: 'b.wav', path: 'day1', size: 20 },
  { id: 'C', kind: 'file', name: '.hidden', path: '', size: 1 },
  { id: 'Z', kind: 'zip_windows', name: 'pkg.zip', path: '', size: 31 },
];

describe('selectFiles', () => {
  it('takes every real file and leaves zip entries out unless asked', () => {
    expect(selectFiles(remote, {}).map((f) => f.id)).toEqual(['A', 'B', 'C']);
    expect(selectFiles(remote, { includeZips: true }).map((f) => f.id)).toEqual([
      'A',
      'B',
      'C',
      'Z',
    ]);
  });

  it('selects by id (a zip when named) and by glob on the server path', () => {
    expect(selectFiles(remote, { fileIds: ['B', 'Z'] }).map((f) => f.id)).toEqual(['B', 'Z']);
    expect(selectFiles(remote, { globs: ['day1/**/*.mov'] }).map((f) => f.id)).toEqual(['A']);
    expect(selectFiles(remote, { globs: ['*'] }).map((f) => f.id)).toEqual(['C']);
  });

  it('says which requested id does not exist', () => {
    expect(() => selectFiles(remote, { fileIds: ['NOPE'] })).toThrow(/no file with id NOPE/);
  });
});

describe('planFiles', () => {
  it('sees what is in the destination, treats symlinks as files, and picks free .part names', async () => {
    const root = mkdtempSync(join(tmpdir(), 'masv-pre-'));
    mkdirSync(join(root, 'day1'));
    writeFileSync(join(root, 'day1', 'b.wav'), 'old');
    writeFileSync(join(root, 'day1', 'b (1).wav.part'), 'a user file, not ours');
    symlinkSync('/tmp', join(root, 'cam-link'));
    const existing = await scanExisting(root, ['day1/b.wav', 'cam-link/x']);
    expect(existing).toEqual(
      expect.arrayContaining([
        { path: 'day1/b.wav', kind: 'file' },
        { path: 'cam-link', kind: 'file' },
      ]),
    );
    const { files, plan } = await planFiles(root, remote.slice(0, 2), {
      os: 'linux',
      policy: 'rename',
    });
    expect(files.map((f) => [f.finalPath, f.partPath])).toEqual([
      ['day1/cam/a.mov', 'day1/cam/a.mov.part'],
      ['day1/b (1).wav', 'day1/b (1) (1).wav.part'],
    ]);
    expect(plan.renamed).toEqual([{ id: 'B', from: 'day1/b.wav', to: 'day1/b (1).wav' }]);
  });
});

describe('checkFreeSpace', () => {
  it('passes when there is room and refuses absurd sizes with both numbers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'masv-pre-'));
    await expect(checkFreeSpace(root, 1)).resolves.toBeUndefined();
    await expect(checkFreeSpace(root, 2 ** 60)).rejects.toThrow(/needed, .* free/);
  });
});
