// Decides where each downloaded file lands when names clash: with files already in the
// destination (per the user's policy) or with each other (two server names that sanitise to the
// same path, or differ only in case on a case-insensitive target — always renamed, never lost).

import { MAX_SEGMENT_BYTES, shortenName, splitExtension } from './segment';
import type { TargetOs } from './segment';

export type CollisionPolicy = 'rename' | 'skip' | 'overwrite';

export interface CollisionInput {
  id: string;
  /** Safe relative '/'-separated path (from safeRelativePath). */
  path: string;
}

/** Something already at the destination, relative and '/'-separated. */
export interface ExistingEntry {
  path: string;
  kind: 'file' | 'directory';
}

export type PlannedAction = 'create' | 'rename' | 'overwrite' | 'skip';

export type CollisionReason =
  'exists' | 'exists-as-folder' | 'duplicate-in-package' | 'folder-name-taken-by-file';

export interface PlannedPath {
  id: string;
  /** The safe path asked for. */
  path: string;
  /** Where the file goes, or null when skipped. */
  finalPath: string | null;
  action: PlannedAction;
  reason?: CollisionReason;
}

export interface CollisionOptions {
  os: TargetOs;
  policy: CollisionPolicy;
}

/** Windows and (default) macOS file systems treat "Readme" and "README" as the same name. */
export function isCaseInsensitive(os: TargetOs): boolean {
  return os === 'win32' || os === 'darwin';
}

/** " (1)" before the extension: "clip.mov" → "clip (1).mov", "a.tar.gz" → "a (1).tar.gz". */
export function numberedName(name: string, n: number): string {
  const suffix = ` (${n})`;
  const [stem, ext] = splitExtension(name);
  const shortened = shortenName(stem + ext, MAX_SEGMENT_BYTES - suffix.length, true);
  const [shortStem, shortExt] = splitExtension(shortened);
  return `${shortStem}${suffix}${shortExt}`;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** Bound on " (n)" attempts; beyond it the entry id makes the name unique. */
const MAX_NUMBERED = 10_000;

export function planCollisions(
  entries: readonly CollisionInput[],
  existing: readonly ExistingEntry[],
  opts: CollisionOptions,
): PlannedPath[] {
  const key = isCaseInsensitive(opts.os)
    ? (p: string) => p.normalize('NFC').toLowerCase()
    : (p: string) => p.normalize('NFC');
  const existingFiles = new Set<string>();
  const existingDirs = new Set<string>();
  for (const e of existing) {
    (e.kind === 'file' ? existingFiles : existingDirs).add(key(e.path));
    for (let p = parentOf(e.path); p !== ''; p = parentOf(p)) existingDirs.add(key(p));
  }
  const claimedFiles = new Set<string>();
  const claimedDirs = new Set<string>();
  /** Package folder (key) → where it really goes, once decided. */
  const dirMap = new Map<string, string>();
  const isFileTaken = (k: string) => existingFiles.has(k) || claimedFiles.has(k);
  const isAnyTaken = (k: string) => isFileTaken(k) || existingDirs.has(k) || claimedDirs.has(k);

  const resolveDir = (dir: string, notes: { renamedFolder: boolean }): string => {
    if (dir === '') return '';
    const known = dirMap.get(key(dir));
    if (known !== undefined) return known;
    const parent = resolveDir(parentOf(dir), notes);
    const base = baseOf(dir);
    let candidate = join(parent, base);
    // A folder may merge into an existing folder but never replace a file.
    for (let n = 1; isFileTaken(key(candidate)); n++) {
      notes.renamedFolder = true;
      candidate = join(
        parent,
        n > MAX_NUMBERED ? `${base} (${dir.length}-${n})` : numberedName(base, n),
      );
    }
    dirMap.set(key(dir), candidate);
    claimedDirs.add(key(candidate));
    return candidate;
  };

  const uniqueName = (dir: string, name: string, id: string): string => {
    for (let n = 1; n <= MAX_NUMBERED; n++) {
      const candidate = join(dir, numberedName(name, n));
      if (!isAnyTaken(key(candidate))) return candidate;
    }
    return join(
      dir,
      numberedName(
        name,
        Number.parseInt(id.replace(/\D/g, '').slice(0, 9) || '0', 10) + MAX_NUMBERED + 1,
      ),
    );
  };

  return entries.map((entry): PlannedPath => {
    const notes = { renamedFolder: false };
    const dir = resolveDir(parentOf(entry.path), notes);
    const wanted = join(dir, baseOf(entry.path));
    const k = key(wanted);
    let action: PlannedAction = notes.renamedFolder ? 'rename' : 'create';
    let reason: CollisionReason | undefined = notes.renamedFolder
      ? 'folder-name-taken-by-file'
      : undefined;
    let finalPath: string | null = wanted;

    if (claimedFiles.has(k) || claimedDirs.has(k)) {
      action = 'rename';
      reason = 'duplicate-in-package';
      finalPath = uniqueName(dir, baseOf(entry.path), entry.id);
    } else if (existingDirs.has(k)) {
      reason = 'exists-as-folder';
      if (opts.policy === 'skip') {
        action = 'skip';
        finalPath = null;
      } else {
        // A file can never overwrite a folder, whatever the policy.
        action = 'rename';
        finalPath = uniqueName(dir, baseOf(entry.path), entry.id);
      }
    } else if (existingFiles.has(k)) {
      reason = 'exists';
      switch (opts.policy) {
        case 'skip':
          action = 'skip';
          finalPath = null;
          break;
        case 'overwrite':
          action = 'overwrite';
          break;
        case 'rename':
          action = 'rename';
          finalPath = uniqueName(dir, baseOf(entry.path), entry.id);
          break;
        default: {
          const never: never = opts.policy;
          throw new Error(`unknown policy ${String(never)}`);
        }
      }
    }
    if (finalPath !== null) claimedFiles.add(key(finalPath));
    const planned: PlannedPath = { id: entry.id, path: entry.path, finalPath, action };
    if (reason !== undefined) planned.reason = reason;
    return planned;
  });
}
