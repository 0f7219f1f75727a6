// Credential checks for the three header credentials (masv-api.md §1.2). Header names are
// case-insensitive because Node lower-cases them.
import type { ApiDeps } from './context';
import { forbidden, notFound, unauthorized } from './errors';
import { ZERO_TIME } from './limits';
import type { PackageRecord, TeamRecord, UserRecord } from './records';
import type { ApiRequest } from './router';
import { sha256Hex } from './secrets';
import type { PackageClaims } from './tokens';

export function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** The user behind an X-API-KEY or X-User-Token header. */
export async function requireUser(deps: ApiDeps, req: ApiRequest): Promise<UserRecord> {
  const apiKey = header(req, 'x-api-key');
  if (apiKey !== undefined) return userFromApiKey(deps, apiKey);
  const token = header(req, 'x-user-token');
  if (token !== undefined) return userFromToken(deps, token);
  throw unauthorized('missing credentials: send X-API-KEY or X-User-Token');
}

/** Managing API keys needs a user token: API keys cannot manage API keys (§1.4). */
export async function requireUserToken(deps: ApiDeps, req: ApiRequest): Promise<UserRecord> {
  const token = header(req, 'x-user-token');
  if (token !== undefined) return userFromToken(deps, token);
  if (header(req, 'x-api-key') !== undefined)
    throw forbidden('API keys cannot manage API keys; use X-User-Token');
  throw unauthorized('missing credentials: send X-User-Token');
}

function userFromApiKey(deps: ApiDeps, key: string): UserRecord {
  const rec = deps.state.apiKeyByHash(sha256Hex(key));
  if (!rec) throw unauthorized('invalid API key');
  if (rec.state !== 'active') throw unauthorized('API key is inactive');
  if (rec.expiry !== ZERO_TIME && Date.parse(rec.expiry) <= deps.now())
    throw unauthorized('API key expired');
  const user = deps.state.user(rec.userId);
  if (!user) throw unauthorized('invalid API key');
  return user;
}

async function userFromToken(deps: ApiDeps, token: string): Promise<UserRecord> {
  const claims = await deps.tokens.verifyUser(token);
  const user = deps.state.user(claims.sub);
  if (!user) throw unauthorized('invalid user token');
  return user;
}

export function requireTeam(deps: ApiDeps, user: UserRecord, teamId: string): TeamRecord {
  const team = deps.state.team(teamId);
  if (!team) throw notFound('team not found');
  if (!user.teamIds.includes(team.id)) throw forbidden('not a member of this team');
  return team;
}

export interface PackageAccess {
  pkg: PackageRecord;
  claims: PackageClaims;
}

/**
 * The package named in the path, authorised by an X-Package-Token for it. `mutating` routes
 * refuse download-level (`lvl: d`) tokens with 403.
 */
export async function requirePackage(
  deps: ApiDeps,
  req: ApiRequest,
  opts: { mutating: boolean },
): Promise<PackageAccess> {
  const token = header(req, 'x-package-token');
  if (token === undefined) throw unauthorized('missing X-Package-Token');
  const claims = await deps.tokens.verifyPackage(token);
  const packageId = req.params.pid ?? '';
  if (claims.sub !== packageId) throw forbidden('token is not valid for this package');
  const pkg = deps.state.pkg(packageId);
  if (!pkg) throw notFound('package not found');
  if (opts.mutating && claims.lvl !== 'f')
    throw forbidden('download-only token cannot modify the package');
  return { pkg, claims };
}
