// Team packages (create, paged listing, one package) and portals (masv-api.md §2.1, §4.2, §4.3).
import { requireTeam, requireUser } from './auth';
import type { ApiDeps } from './context';
import { badRequest, forbidden, notFound, unauthorized } from './errors';
import { createPackage } from './package-factory';
import type { PackageRecord } from './records';
import type { ApiRequest, RouteDef } from './router';
import {
  parseBody,
  PortalPackageBody,
  PortalUpdateBody,
  queryInt,
  TeamPackageBody,
} from './schemas';
import { sameSecret } from './secrets';
import { packageSize, packageState, packageView, portalView } from './views';

const SORT_FIELDS = [
  'name',
  'created_at',
  'size',
  'usage_total_bytes',
  'expiry',
  'sender',
  'status',
  'teamspace_id',
];
const STATUSES = ['new', 'finalized', 'expired', 'archived'];

type SortKey = (p: PackageRecord) => string | number;

function sortKey(deps: ApiDeps, field: string): SortKey {
  switch (field) {
    case 'name':
      return (p) => p.name.toLowerCase();
    case 'size':
    case 'usage_total_bytes':
      return (p) => packageSize(deps, p);
    case 'expiry':
      return (p) => p.expiry;
    case 'sender':
      return (p) => p.sender.toLowerCase();
    case 'status':
      return (p) => packageState(deps, p);
    case 'teamspace_id':
      return () => '';
    default:
      return (p) => p.created_at;
  }
}

/** `?status=a,b` or repeated `status` parameters. */
function statusFilter(req: ApiRequest): Set<string> {
  const raw = req.url.searchParams.getAll('status').flatMap((s) => s.split(','));
  const wanted = raw.map((s) => s.trim()).filter((s) => s !== '');
  for (const s of wanted) if (!STATUSES.includes(s)) throw badRequest(`unknown status: ${s}`);
  return new Set(wanted.length > 0 ? wanted : ['finalized', 'expired']);
}

async function listPackages(deps: ApiDeps, req: ApiRequest, inbox: boolean) {
  const user = await requireUser(deps, req);
  const team = requireTeam(deps, user, req.params.tid ?? '');
  const page = queryInt(req, 'page', 1);
  if (page < 1) throw badRequest('page must be at least 1');
  const limit = Math.min(100, Math.max(1, queryInt(req, 'limit', 50)));
  const sortRaw = req.url.searchParams.get('sort') || '-created_at';
  const desc = sortRaw.startsWith('-');
  const field = desc ? sortRaw.slice(1) : sortRaw;
  if (!SORT_FIELDS.includes(field)) throw badRequest(`unknown sort field: ${field}`);
  const statuses = statusFilter(req);
  const name = (req.url.searchParams.get('name') ?? '').toLowerCase();
  const sender = (req.url.searchParams.get('sender') ?? '').toLowerCase();

  const key = sortKey(deps, field);
  const matching = deps.state
    .all('packages')
    .filter((p) => p.teamId === team.id && (p.portalId !== undefined) === inbox)
    .filter((p) => statuses.has(packageState(deps, p)))
    .filter((p) => name === '' || p.name.toLowerCase().includes(name))
    .filter((p) => sender === '' || p.sender.toLowerCase().includes(sender))
    .map((p) => ({ p, k: key(p) }))
    .sort((a, b) => {
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : a.p.id < b.p.id ? -1 : 1;
      return desc ? -c : c;
    });
  const slice = matching.slice((page - 1) * limit, page * limit);
  const records = [];
  for (const { p } of slice)
    records.push(packageView(deps, p, await deps.tokens.packageToken(p.id, 'f', { uid: user.id })));
  return { status: 200, json: { metadata: { total: matching.length, page, limit }, records } };
}

export function packageRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/teams/:tid/packages',
      name: 'createPackage',
      handler: async (req) => {
        const user = await requireUser(deps, req);
        const team = requireTeam(deps, user, req.params.tid ?? '');
        const body = parseBody(req, TeamPackageBody);
        const pkg = createPackage(deps, {
          teamId: team.id,
          name: body.name,
          description: body.description,
          sender: user.email,
          recipients: body.recipients,
          password: body.password,
          access_limit: body.access_limit ?? null,
        });
        const token = await deps.tokens.packageToken(pkg.id, 'f', { uid: user.id });
        return { status: 201, json: packageView(deps, pkg, token) };
      },
    },
    {
      method: 'GET',
      pattern: '/v1.1/teams/:tid/packages',
      name: 'listPackages',
      handler: (req) => listPackages(deps, req, false),
    },
    {
      method: 'GET',
      pattern: '/v1.1/teams/:tid/inbox',
      name: 'listInbox',
      handler: (req) => listPackages(deps, req, true),
    },
    {
      method: 'GET',
      pattern: '/v1.1/teams/:tid/packages/:pid',
      name: 'getPackage',
      handler: async (req) => {
        const user = await requireUser(deps, req);
        const team = requireTeam(deps, user, req.params.tid ?? '');
        const pkg = deps.state.pkg(req.params.pid ?? '');
        if (!pkg || pkg.teamId !== team.id) throw notFound('package not found');
        const token = await deps.tokens.packageToken(pkg.id, 'f', { uid: user.id });
        return { status: 200, json: packageView(deps, pkg, token) };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/subdomains/portals/:sub',
      name: 'getPortal',
      handler: (req) => {
        const portal = deps.state.portalBySubdomain(req.params.sub ?? '');
        if (!portal) throw notFound('portal not found');
        return { status: 200, json: portalView(portal) };
      },
    },
    {
      method: 'PUT',
      pattern: '/v1/portals/:portalId',
      name: 'updatePortal',
      handler: async (req) => {
        const user = await requireUser(deps, req);
        const portal = deps.state.get('portals', req.params.portalId ?? '');
        if (!portal) throw notFound('portal not found');
        requireTeam(deps, user, portal.teamId);
        const body = parseBody(req, PortalUpdateBody);
        if (body.name !== undefined) portal.name = body.name;
        if (body.message !== undefined) portal.message = body.message;
        if (body.active !== undefined) portal.active = body.active;
        if (body.access_code !== undefined) portal.accessCode = body.access_code;
        deps.state.save('portals', portal);
        return { status: 200, json: portalView(portal) };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/portals/:portalId/packages',
      name: 'createPortalPackage',
      handler: async (req) => {
        const portal = deps.state.get('portals', req.params.portalId ?? '');
        if (!portal) throw notFound('portal not found');
        if (!portal.active) throw forbidden('portal is inactive');
        const body = parseBody(req, PortalPackageBody);
        if (portal.accessCode !== '') {
          if (body.access_code === undefined || body.access_code === '')
            throw unauthorized('access code required');
          if (!sameSecret(body.access_code, portal.accessCode))
            throw unauthorized('invalid access code');
        }
        const pkg = createPackage(deps, {
          teamId: portal.teamId,
          portalId: portal.id,
          name: body.name,
          description: body.description,
          sender: body.sender,
          recipients: [],
          password: '',
          access_limit: null,
        });
        return {
          status: 201,
          json: packageView(deps, pkg, await deps.tokens.packageToken(pkg.id, 'f')),
        };
      },
    },
  ];
}
