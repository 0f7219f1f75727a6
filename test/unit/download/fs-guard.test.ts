import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureDirInside,
  moveIntoPlace,
  openPartFile,
  realDestination,
  resolveInside,
} from '../../../electron/engine/download/fs-guard';

function setup(): { parent: string; root: string; outside: string } {
  const parent = mkdtempSync(join(tmpdir(), 'masv-guard-'));
  const root = join(parent, 'root');
  const outside = join(parent, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  return { parent, root, outside };
}

describe('fs-guard', () => {
  it('refuses paths that leave the root', () => {
    const { root } = setup();
    expect(() => resolveInside(root, '../x')).toThrow(/leaves the download folder/);
    expect(() => resolveInside(root, 'a/../../x')).toThrow(/leaves the download folder/);
    expect(resolveInside(root, 'a/b')).toBe(join(root, 'a', 'b'));
  });

  it('refuses to create folders through a planted symlink', async () => {
    const { root, outside } = setup();
    symlinkSync(outside, join(root, 'evil'));
    await expect(ensureDirInside(root, 'evil/sub')).rejects.toThrow(/symbolic link was planted/);
    expect(readdirSync(outside)).toEqual([]);
    await expect(ensureDirInside(root, 'ok/sub')).resolves.toBe(join(root, 'ok', 'sub'));
  });

  it('refuses a .part file that is a symlink (no write goes through it)', async () => {
    const { root, outside } = setup();
    const target = join(outside, 'victim');
    writeFileSync(target, 'precious');
    symlinkSync(target, join(root, 'f.part'));
    await expect(openPartFile(root, 'f.part', 10, true)).rejects.toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
  });

  it('preallocates the .part and moves it into place without clobbering a new arrival', async () => {
    const { root } = setup();
    const fh = await openPartFile(root, 'f.part', 1234, true);
    expect((await fh.stat()).size).toBe(1234);
    await fh.close();
    writeFileSync(join(root, 'f'), 'arrived meanwhile');
    await expect(moveIntoPlace(root, 'f.part', 'f', false)).resolves.toBe('f (1)');
    expect(readFileSync(join(root, 'f'), 'utf8')).toBe('arrived meanwhile');
  });

  it('resolves the destination through symlinks and rejects a missing one', async () => {
    const { parent, root } = setup();
    symlinkSync(root, join(parent, 'alias'));
    await expect(realDestination(join(parent, 'alias'))).resolves.toBe(root);
    await expect(realDestination(join(parent, 'missing'))).rejects.toThrow(/no longer exists/);
  });
});
