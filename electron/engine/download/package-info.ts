// What the user sees before choosing files: the package behind a link, without downloading.
import type { OpenedLink, RemoteFile } from '../../masv/client';
import { originalPath } from '../../../shared/safe-path';
import type { EngineDeps } from '../deps';
import { apiUrlFor, clientFor, openPackage, parseLinkOrThrow } from './link-session';
import type { LinkConfig } from './link-session';

export interface PackageSummary {
  name: string;
  sender?: string;
  /** Bytes of the downloadable files (zip entries excluded). */
  size: number;
  fileCount: number;
  expiry?: string;
  files: { id: string; path: string; size: number; kind: string }[];
  /** Whole-package archives offered by MASV (zip_windows / zip_mac). */
  zips: { id: string; name: string; size: number; kind: string }[];
}

export function describePackage(opened: OpenedLink, files: readonly RemoteFile[]): PackageSummary {
  const real = files.filter((f) => f.kind === 'file');
  const summary: PackageSummary = {
    name: opened.name ?? opened.packageId,
    size: real.reduce((n, f) => n + f.size, 0),
    fileCount: real.length,
    files: real.map((f) => ({ id: f.id, path: originalPath(f), size: f.size, kind: f.kind })),
    zips: files
      .filter((f) => f.kind.startsWith('zip'))
      .map((f) => ({ id: f.id, name: f.name, size: f.size, kind: f.kind })),
  };
  if (opened.senderEmail !== undefined) summary.sender = opened.senderEmail;
  if (opened.expiry !== undefined) summary.expiry = opened.expiry;
  return summary;
}

/** Opens a link and describes its package (for the "choose files" view or `masv inspect`). */
export async function inspectLink(
  linkUrl: string,
  opts: { password?: string; signal?: AbortSignal; config?: LinkConfig },
  deps: EngineDeps,
): Promise<PackageSummary> {
  const config = opts.config ?? {};
  const link = parseLinkOrThrow(linkUrl, config);
  const client = clientFor(apiUrlFor(link, config), deps);
  const { opened, files } = await openPackage(
    client,
    link,
    opts.password,
    opts.signal ?? new AbortController().signal,
  );
  return describePackage(opened, files);
}
