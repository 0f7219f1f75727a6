// Everything decided before the first byte: which files, under which safe names, what clashes
// with the destination and how the policy settles it, and whether the disk has room.
import { readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import {
  MAX_SEGMENT_BYTES,
  numberedName,
  originalPath,
  planDownloadPaths,
  shortenName,
  utf8Length,
} from '../../../shared/safe-path';
import type {
  CollisionPolicy,
  DownloadPathPlan,
  ExistingEntry,
  TargetOs,
} from '../../../shared/safe-path';
import type { RemoteFile } from '../../masv/client';
import { fromFsError, masvError } from '../../masv/errors';
import type { JournalFile } from './download-journal';

export interface Selection {
  /** Exactly these file ids (zip entries included when named). */
  fileIds?: readonly string[];
  /** picomatch globs on the server's relative path ("path/name"). */
  globs?: readonly string[];
  /** Whole-package zip entries (`zip_windows`, `zip_mac`) are only fetched when asked. */
  includeZips?: boolean;
}

export function selectFiles(files: readonly RemoteFile[], sel: Selection): RemoteFile[] {
  let chosen = files.filter(
    (f) => f.kind === 'file' || (sel.includeZips === true && f.kind.startsWith('zip')),
  );
  if (sel.fileIds && sel.fileIds.length > 0) {
    const ids = new Set(sel.fileIds);
    chosen = files.filter((f) => ids.has(f.id) && f.kind !== 'directory');
    const missing = [...ids].filter((id) => !files.some((f) => f.id === id));
    if (missing.length > 0) {
      throw masvError('not-found', {
        message: `the package has no file with id ${missing.join(', ')}`,
        retryable: false,
      });
    }
  }
  if (sel.globs && sel.globs.length > 0) {
    const match = globMatcher(sel.globs);
    chosen = chosen.filter((f) => match(originalPath(f)));
  }
  return chosen;
}

/** picomatch on the server's relative path ("path/name"); everything matches without globs. */
export function globMatcher(globs: readonly string[] | undefined): (path: string) => boolean {
  if (!globs || globs.length === 0) return () => true;
  return picomatch([...globs], { dot: true });
}

/** Lists every folder the plan touches (that exists), so the planner sees what is in the way. */
export async function scanExisting(
  root: string,
  safePaths: readonly string[],
): Promise<ExistingEntry[]> {
  const dirs = new Set<string>(['']);
  for (const p of safePaths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const out: ExistingEntry[] = [];
  for (const dir of dirs) {
    let entries;
    try {
      entries = await readdir(dir === '' ? root : join(root, ...dir.split('/')), {
        withFileTypes: true,
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw fromFsError(e, root, 'write');
    }
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      // A symlink counts as a file: the plan never writes into or through it.
      out.push({ path, kind: entry.isDirectory() ? 'directory' : 'file' });
    }
  }
  return out;
}

export interface PlannedDownload {
  plan: DownloadPathPlan;
  files: JournalFile[];
}

/** Budget for the relative part of paths so destination + path stays within the OS limit. */
export function relativePathBudget(root: string, os: TargetOs): number {
  const limit = os === 'win32' ? 259 : os === 'darwin' ? 1023 : 4095;
  // ".part" suffix room, plus the separator.
  return Math.max(64, limit - utf8Length(root) - 1 - '.part'.length);
}

export async function planFiles(
  root: string,
  chosen: readonly RemoteFile[],
  opts: { os: TargetOs; policy: CollisionPolicy },
): Promise<PlannedDownload> {
  const maxPathBytes = relativePathBudget(root, opts.os);
  const draft = planDownloadPaths(chosen, [], { ...opts, maxPathBytes });
  const existing = await scanExisting(
    root,
    draft.entries.map((e) => e.safePath),
  );
  const plan = planDownloadPaths(chosen, existing, { ...opts, maxPathBytes });
  const taken = new Set(existing.map((e) => e.path));
  const files: JournalFile[] = [];
  plan.entries.forEach((entry, i) => {
    const remote = chosen[i];
    if (!remote || entry.finalPath === null) return;
    files.push({
      id: remote.id,
      original: entry.original,
      size: remote.size,
      finalPath: entry.finalPath,
      partPath: partPathFor(entry.finalPath, taken),
      overwrite: entry.action === 'overwrite',
    });
  });
  return { plan, files };
}

/** "<name>.part", never a name already in the folder (a user's own .part file is not ours). */
function partPathFor(finalPath: string, taken: Set<string>): string {
  const slash = finalPath.lastIndexOf('/');
  const dir = finalPath.slice(0, slash + 1);
  // The suffix must fit in the 255-byte name limit too.
  const base = shortenName(finalPath.slice(slash + 1), MAX_SEGMENT_BYTES - 12, true);
  for (let n = 0; ; n++) {
    const candidate = `${dir}${n === 0 ? base : numberedName(base, n)}.part`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/** Refuses to start when the disk cannot hold what is left to fetch. */
export async function checkFreeSpace(root: string, bytesNeeded: number): Promise<void> {
  if (bytesNeeded <= 0) return;
  let free: number;
  try {
    const st = await statfs(root);
    free = Number(st.bavail) * Number(st.bsize);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM')
      throw fromFsError(e, root, 'write');
    // Some network file systems cannot say; ENOSPC during the download is still handled.
    return;
  }
  if (free < bytesNeeded) {
    throw masvError('disk-full', {
      message: `not enough free space in ${root}: ${formatBytes(bytesNeeded)} needed, ${formatBytes(free)} free`,
      retryable: false,
    });
  }
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[u]}`;
}
