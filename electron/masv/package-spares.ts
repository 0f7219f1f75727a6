// Create-package is not idempotent: when an attempt's answer is lost (a reset after the server
// acted, a timeout, a 5xx from a proxy behind which the API did its work) the retry makes a
// second package and the first stays behind, empty and unfinalized. After such a retry the
// client looks for those spares and deletes them.
//
// A spare is only ever a package of this team that is still `new`, holds no file, carries the
// same name and description, and was created by the server in the window of this call's own
// attempts (measured back from the created_at of the package that did answer, so the two clocks
// never meet). A same-named package another sender made in those few seconds is the one
// ambiguity left, and it is as improbable as it is unavoidable without an idempotency key,
// which MASV does not document.
import type { PackageWire } from './schemas';

/** Extra seconds on the window for the server's own work between request and record. */
export const SPARE_WINDOW_SLACK_MS = 2_000;

export interface SpareQuery {
  ours: { id: string; createdAt: string };
  name: string;
  description: string;
  /** Local time from the first attempt's start to the answer that worked. */
  elapsedMs: number;
}

/** The listed packages that are spares of `ours` (pure; see the rules above). */
export function spareCandidates(records: readonly PackageWire[], q: SpareQuery): PackageWire[] {
  const oursAt = Date.parse(q.ours.createdAt);
  if (Number.isNaN(oursAt)) return [];
  const earliest = oursAt - q.elapsedMs - SPARE_WINDOW_SLACK_MS;
  return records.filter((r) => {
    if (r.id === q.ours.id || !r.access_token) return false;
    if ((r.state ?? 'new') !== 'new' || (r.total_files ?? 0) !== 0) return false;
    if ((r.name ?? '') !== q.name || (r.description ?? '') !== q.description) return false;
    const at = Date.parse(r.created_at ?? '');
    return !Number.isNaN(at) && at >= earliest && at <= oursAt;
  });
}

/** Whether a failed attempt may have created the package before its answer was lost. */
export function mayHaveActed(code: string): boolean {
  // A 429 is the server declining before doing anything; every other retried failure (network,
  // timeout, 5xx) may come after the work was done.
  return code !== 'rate-limited';
}

export interface SpareApi {
  /** Team packages in state `new` whose name contains `name`, newest first. */
  listNew(name: string): Promise<{ records: PackageWire[] }>;
  remove(id: string, token: string): Promise<void>;
  /** Listed package tokens are secrets too: the log must never show them. */
  noteSecret(token: string): void;
}

/**
 * After a retried create: deletes the packages earlier attempts made before their answer was
 * lost. Best effort: the package that answered is what the upload uses, so a failure here costs
 * at most the orphan it tried to remove. Returns how many were deleted.
 */
export async function deleteSpares(
  api: SpareApi,
  q: { ours: PackageWire; name: string; description: string; elapsedMs: number },
): Promise<number> {
  try {
    const { records } = await api.listNew(q.name);
    for (const p of records) if (p.access_token) api.noteSecret(p.access_token);
    const createdAt = q.ours.created_at ?? records.find((p) => p.id === q.ours.id)?.created_at;
    if (!createdAt) return 0;
    const spares = spareCandidates(records, { ...q, ours: { id: q.ours.id, createdAt } });
    let deleted = 0;
    for (const spare of spares) {
      await api.remove(spare.id, spare.access_token ?? '').then(
        () => deleted++,
        () => undefined,
      );
    }
    return deleted;
  } catch {
    return 0;
  }
}
