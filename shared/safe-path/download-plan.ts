// The whole naming step of a download: untrusted server (path, name) → safe path → final path
// after collisions, with a report that accounts for every entry (written where, renamed why,
// or skipped why). The engine shows this report to the user; nothing is silently dropped.

import { planCollisions } from './collision-plan';
import type {
  CollisionPolicy,
  CollisionReason,
  ExistingEntry,
  PlannedAction,
} from './collision-plan';
import { safeRelativePath } from './safe-relative-path';
import type { SafePathReason, TargetOs } from './segment';

export interface ServerFileName {
  id: string;
  /** Folder relative to the package root as the server sent it (untrusted). */
  path: string;
  /** File name as the server sent it (untrusted). */
  name: string;
}

export interface DownloadPathPlanEntry {
  id: string;
  /** "path/name" as sent by the server, for the report. */
  original: string;
  /** After name sanitisation, before collisions. */
  safePath: string;
  /** Relative '/'-separated destination path, or null when skipped. */
  finalPath: string | null;
  action: PlannedAction;
  /** Why the name changed (sanitisation), empty when it did not. */
  nameReasons: SafePathReason[];
  collision?: CollisionReason;
}

export interface DownloadPathPlan {
  entries: DownloadPathPlanEntry[];
  /** Entries whose final path differs from what the server sent. */
  renamed: { id: string; from: string; to: string }[];
  skipped: { id: string; path: string; reason: string }[];
}

export interface DownloadPathPlanOptions {
  os: TargetOs;
  policy: CollisionPolicy;
  maxPathBytes?: number;
}

export function originalPath(file: Pick<ServerFileName, 'path' | 'name'>): string {
  const dir = (file.path ?? '').replace(/\/+$/, '');
  return dir === '' ? file.name : `${dir}/${file.name}`;
}

export function planDownloadPaths(
  files: readonly ServerFileName[],
  existing: readonly ExistingEntry[],
  opts: DownloadPathPlanOptions,
): DownloadPathPlan {
  const safe = files.map((f) => {
    const sp = opts.maxPathBytes === undefined ? {} : { maxPathBytes: opts.maxPathBytes };
    return { file: f, result: safeRelativePath(f.path, f.name, opts.os, sp) };
  });
  const planned = planCollisions(
    safe.map((s) => ({ id: s.file.id, path: s.result.path })),
    existing,
    { os: opts.os, policy: opts.policy },
  );
  const plan: DownloadPathPlan = { entries: [], renamed: [], skipped: [] };
  planned.forEach((p, i) => {
    const s = safe[i];
    if (!s) return;
    const original = originalPath(s.file);
    const entry: DownloadPathPlanEntry = {
      id: p.id,
      original,
      safePath: s.result.path,
      finalPath: p.finalPath,
      action: p.action,
      nameReasons: s.result.reasons,
    };
    if (p.reason !== undefined) entry.collision = p.reason;
    plan.entries.push(entry);
    if (p.finalPath === null) {
      plan.skipped.push({ id: p.id, path: original, reason: p.reason ?? 'exists' });
    } else if (p.finalPath !== original) {
      plan.renamed.push({ id: p.id, from: original, to: p.finalPath });
    }
  });
  return plan;
}
