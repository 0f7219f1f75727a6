// Records → the JSON shapes MASV clients read (masv-api.md §1, §2, §3, §4). Secrets never leave
// through views: passwords show as "****", API key values only at creation.
import type { ApiDeps } from './context';
import { ZERO_TIME } from './limits';
import type {
  FileRecord,
  LinkRecord,
  PackageRecord,
  PortalRecord,
  TeamRecord,
  UserRecord,
} from './records';

export function teamView(t: TeamRecord): Record<string, unknown> {
  return { id: t.id, name: t.name, subdomain: t.subdomain };
}

export function userView(u: UserRecord): Record<string, unknown> {
  const primary = u.teamIds[0] ?? '';
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    level: 'basic',
    time_zone: u.time_zone,
    preferred_team_id: primary,
    primary_team_id: primary,
  };
}

/** Public portal view: the access code itself is never shown. */
export function portalView(p: PortalRecord): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    subdomain: p.subdomain,
    message: p.message,
    active: p.active,
    has_access_code: p.accessCode !== '',
    has_download_password: false,
    access_level: 'regular',
    custom_expiry_days: -1,
    recipients: [],
  };
}

/** Finalized packages past their expiry read as expired (content is kept: this is a test double). */
export function packageState(deps: Pick<ApiDeps, 'now'>, p: PackageRecord): string {
  if (p.state === 'finalized' && Date.parse(p.expiry) <= deps.now()) return 'expired';
  return p.state;
}

export function linkView(l: LinkRecord): Record<string, unknown> {
  return {
    id: l.id,
    package_id: l.packageId,
    download_secret: l.secret,
    email: l.email,
    password: l.passwordHash === '' ? '' : '****',
    active: l.active,
    access_limit: l.access_limit,
    access_limit_enabled: l.access_limit_enabled,
    access_count: l.access_count,
    accessed_at: l.accessed_at,
    expiry: l.expiry,
    created_at: l.created_at,
  };
}

/** Size of a package: the sum of its finalized files. */
export function packageSize(deps: ApiDeps, p: PackageRecord): number {
  let total = 0;
  for (const f of deps.state.filesOf(p.id)) if (f.state === 'finalized') total += f.size;
  return total;
}

/** The package object; `accessToken` (a fresh full-level token) only for the package's owners. */
export function packageView(
  deps: ApiDeps,
  p: PackageRecord,
  accessToken?: string,
): Record<string, unknown> {
  const files = deps.state.filesOf(p.id);
  const view: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    description: p.description,
    sender: p.sender,
    recipients: p.recipients,
    state: packageState(deps, p),
    size: packageSize(deps, p),
    total_files: files.filter((f) => f.kind === 'file').length,
    created_at: p.created_at,
    updated_at: p.updated_at,
    expiry: p.expiry,
    custom_expiry: false,
    unlimited_storage: false,
    extra_storage_days: 0,
    extra_storage_updated_at: ZERO_TIME,
    access_limit: p.access_limit ?? 0,
    contains_virus: false,
    has_password: p.passwordHash !== '',
    links: deps.state.linksOf(p.id).map(linkView),
    extras: {},
    progress_channels: [],
    teamspace_id: '',
    tags: [],
  };
  if (p.portalId) view.portal_id = p.portalId;
  if (accessToken !== undefined) view.access_token = accessToken;
  return view;
}

export function fileView(f: FileRecord): Record<string, unknown> {
  return {
    id: f.id,
    kind: f.kind,
    name: f.name,
    path: f.path,
    size: f.size,
    last_modified: f.last_modified,
    state: f.state,
    virus_detected: false,
  };
}
