import { describe, expect, it } from 'vitest';
import { fromWriteError } from '../../../electron/engine/download/download-errors';

const fsError = (code: string): Error => Object.assign(new Error(`${code}: boom`), { code });

describe('fromWriteError', () => {
  it.each([
    ['ENOSPC', 'disk-full', /disk is full .* resume/],
    ['EDQUOT', 'disk-full', /disk is full/],
    ['ENOENT', 'io', /no longer exists/],
    ['EACCES', 'io', /permission denied .* resume/],
    ['EROFS', 'io', /permission denied/],
    ['ELOOP', 'io', /symbolic link/],
    ['EIO', 'io', /could not write/],
  ])('%s → %s', (code, expected, message) => {
    const err = fromWriteError(fsError(code), '/dl/x');
    expect(err.code).toBe(expected);
    expect(err.message).toMatch(message);
    expect(err.retryable).toBe(false);
  });
});
