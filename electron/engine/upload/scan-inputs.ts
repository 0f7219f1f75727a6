// Turns the user's chosen files and folders into the package's file list: folders are walked
// keeping relative paths, OS junk is left out, and symlinks never lead outside the chosen folder.
// A folder with nothing in it becomes a directory entry, so the recipient gets the same tree.
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { fromFsError, masvError } from '../../masv/errors';

export interface ScannedFile {
  absPath: string;
  /** Package folder of the file, `/`-separated, no leading/trailing slash; '' = top level. */
  dir: string;
  name: string;
  size: number;
  mtimeMs: number;
}

/** A folder with no files or folders in it (a MASV `kind:"directory"` entry). */
export interface ScannedDir {
  absPath: string;
  /** Package folder holding it, like ScannedFile.dir. */
  dir: string;
  name: string;
  mtimeMs: number;
}

export interface ScanResult {
  files: ScannedFile[];
  dirs: ScannedDir[];
  /** `<path>: <reason>` lines for the user. */
  skipped: string[];
  renamed: { from: string; to: string }[];
}

/** Files that change under the uploader or mean nothing on another machine (MASV Agent skips these). */
const JUNK_NAMES = new Set([
  '.ds_store',
  'desktop.ini',
  'thumbs.db',
  'ehthumbs.db',
  '.fcpcache',
  '.spotlight-v100',
  '.trashes',
  '.fseventsd',
  '$recycle.bin',
]);

export function isJunk(name: string): boolean {
  return name.startsWith('._') || JUNK_NAMES.has(name.toLowerCase());
}

export interface ScanOptions {
  /** Stop after this many files (guards against scanning a whole disk by mistake). */
  maxFiles?: number;
}

export async function scanInputs(
  paths: readonly string[],
  opts: ScanOptions = {},
): Promise<ScanResult> {
  const maxFiles = opts.maxFiles ?? 1_000_000;
  const files: ScannedFile[] = [];
  const dirs: ScannedDir[] = [];
  const skipped: string[] = [];
  const out: Walked = { files, dirs, skipped, maxFiles };
  for (const raw of paths) {
    if (!isAbsolute(raw))
      throw masvError('invalid-input', { message: `not an absolute path: ${raw}` });
    const p = resolve(raw);
    let st;
    try {
      // Top-level choices are followed even when they are symlinks: the user picked them.
      st = await stat(p);
    } catch (e) {
      throw fromFsError(e, p, 'read');
    }
    if (isJunk(basename(p))) {
      skipped.push(`${p}: system file`);
      continue;
    }
    if (st.isFile()) {
      files.push({ absPath: p, dir: '', name: basename(p), size: st.size, mtimeMs: st.mtimeMs });
    } else if (st.isDirectory()) {
      const root = await realpath(p);
      await walk(p, root, basename(p), out);
    } else {
      skipped.push(`${p}: not a regular file`);
    }
    if (files.length > maxFiles)
      throw masvError('invalid-input', { message: `more than ${maxFiles} files selected` });
  }
  return dedupe(files, dirs, skipped);
}

interface Walked {
  files: ScannedFile[];
  dirs: ScannedDir[];
  skipped: string[];
  maxFiles: number;
}

/** Walks one folder; returns how many package entries it produced (0 = unreadable). */
async function walk(dir: string, root: string, pkgDir: string, out: Walked): Promise<number> {
  const { files, skipped, maxFiles } = out;
  let handle;
  try {
    handle = await opendir(dir);
  } catch (e) {
    skipped.push(`${dir}: folder could not be read (${(e as { code?: string }).code ?? 'error'})`);
    return 0;
  }
  let produced = 0;
  const entries: string[] = [];
  for await (const d of handle) entries.push(d.name);
  entries.sort();
  for (const name of entries) {
    const abs = join(dir, name);
    if (isJunk(name)) {
      skipped.push(`${abs}: system file`);
      continue;
    }
    let st = await lstat(abs).catch(() => null);
    if (!st) {
      skipped.push(`${abs}: could not be read`);
      continue;
    }
    if (st.isSymbolicLink()) {
      const target = await realpath(abs).catch(() => null);
      if (!target || !inside(root, target)) {
        skipped.push(`${abs}: symbolic link to outside the chosen folder`);
        continue;
      }
      st = await stat(abs).catch(() => null);
      if (!st || st.isDirectory()) {
        // Following folder links inside the tree would upload the same files twice (or loop).
        skipped.push(`${abs}: symbolic link to a folder`);
        continue;
      }
    }
    if (st.isDirectory()) {
      produced += await walk(abs, root, `${pkgDir}/${name}`, out);
    } else if (st.isFile()) {
      files.push({ absPath: abs, dir: pkgDir, name, size: st.size, mtimeMs: st.mtimeMs });
      produced++;
      if (files.length > maxFiles)
        throw masvError('invalid-input', { message: `more than ${maxFiles} files selected` });
    } else {
      skipped.push(`${abs}: not a regular file`);
    }
  }
  if (produced > 0) return produced;
  // Nothing inside (or only OS junk): the folder itself is the entry. Its parents need none,
  // since recreating it recreates them.
  const slash = pkgDir.lastIndexOf('/');
  const st = await stat(dir).catch(() => null);
  out.dirs.push({
    absPath: dir,
    dir: slash < 0 ? '' : pkgDir.slice(0, slash),
    name: slash < 0 ? pkgDir : pkgDir.slice(slash + 1),
    mtimeMs: st?.mtimeMs ?? 0,
  });
  return 1;
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Two inputs with the same package path (e.g. two `notes.txt`) get " (2)" and are reported. */
function dedupe(files: ScannedFile[], dirs: ScannedDir[], skipped: string[]): ScanResult {
  const seen = new Set<string>();
  const renamed: { from: string; to: string }[] = [];
  const outFiles = files.map((f) => unique(f, seen, renamed));
  const outDirs = dirs.map((d) => unique(d, seen, renamed));
  return { files: outFiles, dirs: outDirs, skipped, renamed };
}

function unique<T extends { absPath: string; dir: string; name: string }>(
  f: T,
  seen: Set<string>,
  renamed: { from: string; to: string }[],
): T {
  let name = f.name;
  const key = (n: string): string => `${f.dir}/${n}`.toLowerCase();
  if (seen.has(key(name))) {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let i = 2; seen.has(key(name)); i++) name = `${stem} (${i})${ext}`;
    renamed.push({ from: f.absPath, to: f.dir ? `${f.dir}/${name}` : name });
  }
  seen.add(key(name));
  return name === f.name ? f : { ...f, name };
}
