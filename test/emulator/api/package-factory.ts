// Creating a package record: shared by the team route, the portal route and the demo seed.
import { isoNow, type ApiDeps } from './context';
import { DEFAULT_PACKAGE_EXPIRY_DAYS } from './limits';
import type { PackageRecord } from './records';
import { hashPassword } from './secrets';

export interface NewPackageFields {
  teamId: string;
  portalId?: string;
  name: string;
  description: string;
  sender: string;
  recipients: string[];
  password: string;
  access_limit: number | null;
}

export function createPackage(deps: ApiDeps, fields: NewPackageFields): PackageRecord {
  const now = isoNow(deps);
  const pkg: PackageRecord = {
    id: deps.state.newId(),
    teamId: fields.teamId,
    name: fields.name,
    description: fields.description,
    sender: fields.sender,
    recipients: fields.recipients,
    passwordHash: hashPassword(fields.password),
    access_limit: fields.access_limit,
    state: 'new',
    created_at: now,
    updated_at: now,
    expiry: new Date(deps.now() + DEFAULT_PACKAGE_EXPIRY_DAYS * 86_400_000).toISOString(),
    zipIds: { zip_windows: deps.state.newId(), zip_mac: deps.state.newId() },
    zips: {},
  };
  if (fields.portalId) pkg.portalId = fields.portalId;
  deps.state.save('packages', pkg);
  return pkg;
}

/** Storage keys use ids only: client-supplied names never reach the storage namespace. */
export function packagePrefix(packageId: string): string {
  return `p/${packageId}/`;
}

export function fileKey(packageId: string, fileId: string): string {
  return `${packagePrefix(packageId)}f/${fileId}`;
}

export function zipKey(packageId: string, kind: string): string {
  return `${packagePrefix(packageId)}zip/${kind}`;
}
