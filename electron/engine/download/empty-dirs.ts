// Empty folders of a package: MASV lists them as `kind:"directory"` entries (no bytes). They are
// recreated in the destination under the same safe-path rules as files: the server's (path,
// name) is sanitised, the folder is made one level at a time under the real destination, and
// a file or symlink in the way is reported (planning) or refused (creating), never followed.
import { originalPath, safeRelativePath } from '../../../shared/safe-path';
import type { TargetOs } from '../../../shared/safe-path';
import type { RemoteFile } from '../../masv/client';
import { ensureDirInside, lstatIfExists, resolveInside } from './fs-guard';
import type { Selection } from './preflight';

export interface PlannedDirs {
  /** Safe relative '/'-separated folders to create. */
  dirs: string[];
  renamed: { from: string; to: string }[];
  skipped: string[];
}

/** The directory entries a selection covers: none when the user picked files by id. */
export function selectDirectories(
  entries: readonly RemoteFile[],
  sel: Selection,
  matches: (path: string) => boolean,
): RemoteFile[] {
  if (sel.fileIds && sel.fileIds.length > 0) return [];
  return entries.filter((e) => e.kind === 'directory' && matches(originalPath(e)));
}

/**
 * Safe destinations for the empty folders. `filePaths` are the final paths planned for files:
 * a folder may not take a file's name, nor sit below one.
 */
export async function planDirectories(
  root: string,
  dirs: readonly RemoteFile[],
  filePaths: readonly string[],
  opts: { os: TargetOs; maxPathBytes: number },
): Promise<PlannedDirs> {
  const fold = (p: string): string => (opts.os === 'linux' ? p : p.toLowerCase());
  const files = new Set(filePaths.map(fold));
  const out: PlannedDirs = { dirs: [], renamed: [], skipped: [] };
  const seen = new Set<string>();
  for (const d of dirs) {
    const original = originalPath(d);
    const safe = safeRelativePath(d.path, d.name, opts.os, { maxPathBytes: opts.maxPathBytes });
    const key = fold(safe.path);
    if (seen.has(key)) continue;
    const prefixes = safe.segments.map((_, i) => fold(safe.segments.slice(0, i + 1).join('/')));
    if (prefixes.some((p) => files.has(p))) {
      out.skipped.push(original);
      continue;
    }
    const existing = await lstatIfExists(resolveInside(root, safe.path));
    if (existing && !existing.isDirectory()) {
      out.skipped.push(original);
      continue;
    }
    seen.add(key);
    out.dirs.push(safe.path);
    if (safe.path !== original) out.renamed.push({ from: original, to: safe.path });
  }
  return out;
}

/** Creates each planned folder (idempotent, so a resume simply does it again). */
export async function createDirectories(root: string, dirs: readonly string[]): Promise<void> {
  for (const rel of dirs) await ensureDirInside(root, rel);
}
