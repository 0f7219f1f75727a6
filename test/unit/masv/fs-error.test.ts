// One mapping of local file-system errors, with the direction saying what the user must fix:
// a source that cannot be read (uploads, journals) or a destination that cannot be written.
import { describe, expect, it } from 'vitest';
import { fromFsError, masvError } from '../../../electron/masv/errors';

const fsError = (code: string): Error => Object.assign(new Error(`${code}: boom`), { code });

describe('fromFsError', () => {
  it.each([
    ['ENOSPC', 'disk-full', /disk is full .* resume/],
    ['EDQUOT', 'disk-full', /disk is full/],
    ['ENOENT', 'io', /folder \/dl\/x no longer exists/],
    ['EACCES', 'io', /permission denied writing to \/dl\/x; .* resume/],
    ['EROFS', 'io', /^\/dl\/x is on a read-only file system; remount it read-write .* resume$/],
    ['ENOTDIR', 'io', /part of that path is a file, not a folder/],
    ['ELOOP', 'io', /refused to write .* symbolic link/],
    ['EIO', 'io', /could not write to \/dl\/x/],
  ])('write %s → %s', (code, expected, message) => {
    const err = fromFsError(fsError(code), '/dl/x', 'write');
    expect(err.code).toBe(expected);
    expect(err.message).toMatch(message);
    expect(err.detail).toBe(`${code}: boom`);
    expect(err.retryable).toBe(false);
  });

  it.each([
    ['ENOENT', 'source-unreadable', 'could not read /src/a.mov'],
    ['EACCES', 'source-unreadable', 'could not read /src/a.mov'],
    ['EISDIR', 'source-unreadable', 'could not read /src/a.mov'],
    ['EIO', 'io', 'a file operation failed on /src/a.mov'],
  ])('read %s → %s', (code, expected, message) => {
    const err = fromFsError(fsError(code), '/src/a.mov', 'read');
    expect(err.code).toBe(expected);
    expect(err.message).toBe(message);
    expect(err.retryable).toBe(false);
  });

  it('passes engine errors through unchanged', () => {
    const original = masvError('source-changed');
    expect(fromFsError(original, '/x', 'read')).toBe(original);
    expect(fromFsError(original, '/x', 'write')).toBe(original);
  });
});
