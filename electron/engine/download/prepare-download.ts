// The first steps of a download, before any byte: open the link and list its files (before
// anything local is created), then select files and plan safe names against what is in the
// destination. Also re-opening a link whose token expired.
import type { MasvLink } from '../../../shared/links';
import type { TargetOs } from '../../../shared/safe-path';
import { masvError } from '../../masv/errors';
import type { EngineDeps } from '../deps';
import type { Plan, Session } from './download-book';
import type { DownloadRequest } from './download-journal';
import { apiUrlFor, clientFor, openPackage } from './link-session';
import type { DownloadClient, LinkConfig, OpenedPackage } from './link-session';
import { planDirectories, selectDirectories } from './empty-dirs';
import { globMatcher, planFiles, relativePathBudget, selectFiles } from './preflight';

export function targetOs(platform: NodeJS.Platform = process.platform): TargetOs {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

export interface PreparedDownload {
  client: DownloadClient;
  session: Session;
  plan: Plan;
}

/** The link opened and its files listed: everything the plan needs from the server. */
export interface OpenedDownload extends OpenedPackage {
  client: DownloadClient;
  apiUrl: string;
}

/** Opens the link; nothing local is touched, so a link that fails to open leaves no trace. */
export async function openDownload(a: {
  link: MasvLink;
  config: LinkConfig;
  deps: EngineDeps;
  password: string | undefined;
  signal: AbortSignal;
}): Promise<OpenedDownload> {
  const apiUrl = apiUrlFor(a.link, a.config);
  const client = clientFor(apiUrl, a.deps);
  const { opened, files } = await openPackage(client, a.link, a.password, a.signal);
  return { client, apiUrl, opened, files };
}

/** Selects the files and plans safe names against what is in the destination. */
export async function prepareDownload(a: {
  link: MasvLink;
  opened: OpenedDownload;
  request: DownloadRequest;
  /** Real destination path. */
  root: string;
}): Promise<PreparedDownload> {
  const { client, apiUrl, opened, files } = a.opened;
  const session: Session = {
    t: 'session',
    apiUrl,
    packageId: opened.packageId,
    packageToken: opened.packageToken,
    name: opened.name ?? a.link.linkId,
    linkHost: a.link.host,
  };
  const chosen = selectFiles(files, a.request);
  const os = targetOs();
  const planned = await planFiles(a.root, chosen, {
    os,
    policy: a.request.policy ?? 'rename',
  });
  const dirs = await planDirectories(
    a.root,
    selectDirectories(files, a.request, globMatcher(a.request.globs)),
    planned.files.map((f) => f.finalPath),
    { os, maxPathBytes: relativePathBudget(a.root, os) },
  );
  const plan: Plan = {
    t: 'plan',
    destination: a.root,
    files: planned.files,
    ...(dirs.dirs.length > 0 ? { dirs: dirs.dirs } : {}),
    renamed: [...planned.plan.renamed.map(({ from, to }) => ({ from, to })), ...dirs.renamed],
    skipped: [...planned.plan.skipped.map((s) => s.path), ...dirs.skipped],
  };
  return { client, session, plan };
}

/** Download tokens expire (days) while the link still works: a fresh token for the same package. */
export async function reopenSession(
  client: DownloadClient,
  link: MasvLink,
  password: string | undefined,
  session: Session,
  signal: AbortSignal,
): Promise<Session> {
  const opened = await client.openLink(link.linkId, link.secret, password, signal);
  if (opened.packageId !== session.packageId) {
    throw masvError('link-unavailable', {
      message: 'the link now points to a different package',
      retryable: false,
    });
  }
  return { ...session, packageToken: opened.packageToken };
}
