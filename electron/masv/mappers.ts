// Wire-to-app mapping helpers shared by the client's endpoint groups.
import type { z } from 'zod';
import type * as S from './schemas';
import type { PackageInfo, SpecLimits, Team } from './types';

export const enc = encodeURIComponent;
export const pkg = (token: string): Record<string, string> => ({ 'x-package-token': token });
export const sig = (signal: AbortSignal | undefined): { signal?: AbortSignal } =>
  signal ? { signal } : {};

export function team(t: z.infer<typeof S.TeamSchema>): Team {
  return strip({ id: t.id, name: t.name, subdomain: t.subdomain });
}

export function limits(r: z.infer<typeof S.LimitsSchema>): Partial<SpecLimits> {
  return strip({
    maxChunkCount: r.max_chunk_count ?? r.max_chunks_count,
    maxChunkSize: r.max_chunk_size,
    minChunkSize: r.min_chunk_size,
  });
}

export function packageInfo(r: S.PackageWire): PackageInfo {
  return strip({
    id: r.id,
    accessToken: r.access_token,
    name: r.name,
    description: r.description,
    sender: r.sender,
    state: r.state,
    size: r.size,
    totalFiles: r.total_files,
    createdAt: r.created_at,
    expiry: r.expiry,
  });
}

/** Drops null/undefined fields so optional properties are truly absent. */
export function strip<T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}
