// Every file system step of a download goes through here, so nothing is written outside the
// real destination folder: planned paths are joined under fs.realpath(destination), every folder
// is created one level at a time and lstat-checked (a symlink planted in the destination is
// refused, not followed), and .part files are opened with O_NOFOLLOW where the OS has it.
import { constants } from 'node:fs';
import { access, lstat, mkdir, open, realpath, rename, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { numberedName } from '../../../shared/safe-path';
import { fromFsError, masvError } from '../../masv/errors';
import type { MasvError } from '../../masv/errors';
import { unsafePath } from './download-errors';

/** 0 on Windows, where the flag does not exist (and symlinks need privileges to create). */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Resolves the destination to its real path; it must exist and be a folder. */
export async function realDestination(destination: string): Promise<string> {
  try {
    const real = await realpath(destination);
    const st = await stat(real);
    if (!st.isDirectory()) throw unsafePath(destination, 'it is not a folder');
    return real;
  } catch (e) {
    throw fromFsError(e, destination, 'write');
  }
}

/**
 * Creates the destination folder and its missing parents (the folder the user named, nothing
 * else). Node's recursive mkdir reports a read-only file system as ENOENT, so a failure is
 * explained from the nearest folder that does exist.
 */
export async function createDestination(destination: string): Promise<void> {
  try {
    await mkdir(destination, { recursive: true });
  } catch (e) {
    // Something already there that is not a folder: realDestination says so next.
    if ((e as { code?: string }).code === 'EEXIST') return;
    throw await explainMkdirFailure(destination, e);
  }
}

async function explainMkdirFailure(destination: string, e: unknown): Promise<MasvError> {
  const fail = (why: string): MasvError =>
    masvError('io', {
      message: `cannot create the folder ${destination}: ${why}`,
      detail: e instanceof Error ? e.message : String(e),
      cause: e,
      retryable: false,
    });
  for (let dir = dirname(destination); ; dir = dirname(dir)) {
    const st = await stat(dir).catch(() => undefined);
    if (st !== undefined) {
      if (!st.isDirectory()) return fail(`${dir} is a file, not a folder`);
      const code = await access(dir, constants.W_OK).then(
        () => undefined,
        (err: unknown) => (err as { code?: string }).code,
      );
      if (code === 'EROFS')
        return fail(`${dir} is on a read-only file system (choose a folder on a writable disk)`);
      if (code === 'EACCES' || code === 'EPERM') return fail(`permission denied in ${dir}`);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return fromFsError(e, destination, 'write');
}

/** True when abs is root itself or below it (after normalisation). */
export function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Joins a planned '/'-separated relative path under root and proves it stays inside. */
export function resolveInside(root: string, relPath: string): string {
  const abs = join(root, ...relPath.split('/'));
  if (!isInside(root, abs) || abs === root)
    throw unsafePath(relPath, 'the path leaves the download folder');
  return abs;
}

/**
 * Creates the folders of relDir under root one level at a time. An existing entry must be a
 * real folder, not a symlink (which could point anywhere) and not a file.
 */
export async function ensureDirInside(root: string, relDir: string): Promise<string> {
  let current = root;
  for (const segment of relDir.split('/').filter((s) => s !== '')) {
    current = join(current, segment);
    if (!isInside(root, current)) throw unsafePath(relDir, 'the path leaves the download folder');
    try {
      await mkdir(current);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw fromFsError(e, current, 'write');
    }
    const st = await lstatOrThrow(current);
    if (st.isSymbolicLink())
      throw unsafePath(current, 'a symbolic link was planted in the download folder');
    if (!st.isDirectory()) throw unsafePath(current, 'a file is in the way of a folder');
  }
  return current;
}

async function lstatOrThrow(path: string): Promise<Awaited<ReturnType<typeof lstat>>> {
  try {
    return await lstat(path);
  } catch (e) {
    throw fromFsError(e, path, 'write');
  }
}

/** lstat that answers undefined for "nothing there". */
export async function lstatIfExists(
  path: string,
): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT' || (e as { code?: string }).code === 'ENOTDIR')
      return undefined;
    throw fromFsError(e, path, 'write');
  }
}

/**
 * Opens (creating if needed) a .part file for positional writes without following a symlink,
 * and checks it is a plain file. `fresh` truncates it (a new download, not a resume).
 */
export async function openPartFile(
  root: string,
  relPath: string,
  size: number,
  fresh: boolean,
): Promise<FileHandle> {
  const abs = resolveInside(root, relPath);
  const existing = await lstatIfExists(abs);
  if (existing?.isSymbolicLink())
    throw unsafePath(abs, 'a symbolic link was planted in the download folder');
  if (existing && !existing.isFile())
    throw unsafePath(abs, 'something other than a file is in the way');
  let fh: FileHandle;
  try {
    fh = await open(
      abs,
      constants.O_RDWR | constants.O_CREAT | O_NOFOLLOW | (fresh ? constants.O_TRUNC : 0),
      0o644,
    );
  } catch (e) {
    throw fromFsError(e, abs, 'write');
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw unsafePath(abs, 'something other than a file is in the way');
    // Sets the final length up front (sparse where the file system allows): positional writes
    // of parallel ranges land in place and the size check at the end is meaningful.
    if (st.size !== size) await fh.truncate(size);
    return fh;
  } catch (e) {
    await fh.close().catch(() => undefined);
    throw fromFsError(e, abs, 'write');
  }
}

/**
 * Moves the finished .part into its final name, both proven inside root. Without `overwrite`,
 * a name that appeared since planning is not clobbered: the next free " (n)" name is used.
 * Returns the relative path used.
 */
export async function moveIntoPlace(
  root: string,
  partRel: string,
  finalRel: string,
  overwrite: boolean,
): Promise<string> {
  const from = resolveInside(root, partRel);
  const slash = finalRel.lastIndexOf('/');
  const dir = slash < 0 ? '' : finalRel.slice(0, slash + 1);
  const base = finalRel.slice(slash + 1);
  for (let n = 0; n < 1000; n++) {
    const rel = n === 0 ? finalRel : `${dir}${numberedName(base, n)}`;
    const to = resolveInside(root, rel);
    const target = await lstatIfExists(to);
    // rename() replaces a symlink itself rather than following it, but a folder is never hit.
    if (target && (target.isDirectory() || !overwrite)) continue;
    try {
      await rename(from, to);
    } catch (e) {
      throw fromFsError(e, to, 'write');
    }
    return rel;
  }
  throw unsafePath(finalRel, 'no free name was found');
}
