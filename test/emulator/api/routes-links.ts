// Links: create, disable, open (exchange id + secret for a download token) and the link page
// people land on (masv-api.md §3.1, §3.2, §4.4). Access-limit choice: every successful open of
// GET /v1/links/{id} counts once; `access_count` on the link record exposes the counter.
import { header, requirePackage } from './auth';
import { isoNow, type ApiDeps } from './context';
import { forbidden, notFound, unauthorized } from './errors';
import { ZERO_TIME } from './limits';
import type { LinkRecord, PackageRecord } from './records';
import type { ApiRequest, ApiResponse, RouteDef } from './router';
import { CreateLinkBody, parseBody } from './schemas';
import { hashPassword, randomAlnum, sameSecret, verifyPassword } from './secrets';
import { linkView, packageSize, packageState } from './views';

export function createLink(
  deps: ApiDeps,
  pkg: PackageRecord,
  fields: { email: string; password: string; access_limit?: number; expiry?: string },
): LinkRecord {
  const limit = fields.access_limit ?? pkg.access_limit ?? 0;
  const link: LinkRecord = {
    id: deps.state.newId(),
    packageId: pkg.id,
    secret: randomAlnum(16),
    email: fields.email || pkg.sender,
    // A link without its own password inherits the package's download password.
    passwordHash: fields.password !== '' ? hashPassword(fields.password) : pkg.passwordHash,
    active: true,
    access_limit: limit,
    access_limit_enabled: limit > 0,
    access_count: 0,
    accessed_at: ZERO_TIME,
    expiry: fields.expiry ? new Date(fields.expiry).toISOString() : pkg.expiry,
    created_at: isoNow(deps),
  };
  deps.state.save('links', link);
  return link;
}

/** The link behind id + secret; a wrong secret looks exactly like an unknown link. */
function findLink(deps: ApiDeps, req: ApiRequest): { link: LinkRecord; pkg: PackageRecord } {
  const link = deps.state.get('links', req.params.lid ?? '');
  const secret = req.url.searchParams.get('secret') ?? '';
  if (!link || secret === '' || !sameSecret(secret, link.secret)) throw notFound('link not found');
  const pkg = deps.state.pkg(link.packageId);
  if (!pkg) throw notFound('link not found');
  return { link, pkg };
}

async function openLink(deps: ApiDeps, req: ApiRequest): Promise<ApiResponse> {
  const { link, pkg } = findLink(deps, req);
  if (!link.active) throw forbidden('link disabled');
  if (Date.parse(link.expiry) <= deps.now()) throw forbidden('link expired');
  const state = packageState(deps, pkg);
  if (state === 'new') throw forbidden('link inactive: package is not finalized');
  if (state !== 'finalized') throw forbidden('package expired');
  if (link.passwordHash !== '') {
    const pw = header(req, 'x-link-password');
    if (pw === undefined) throw unauthorized('password required');
    if (!verifyPassword(pw, link.passwordHash)) throw unauthorized('invalid password');
  }
  if (link.access_limit_enabled && link.access_count >= link.access_limit)
    throw forbidden('access limit reached');
  link.access_count += 1;
  link.accessed_at = isoNow(deps);
  deps.state.save('links', link);
  return {
    status: 200,
    json: {
      branding: { primary_color: '#1DD4CA' },
      expiry: link.expiry,
      id: link.id,
      name: pkg.name,
      description: pkg.description,
      package_id: pkg.id,
      package_size: packageSize(deps, pkg),
      package_token: await deps.tokens.packageToken(pkg.id, 'd', { lid: link.id }),
      recipient_email: link.email,
      sender_email: pkg.sender,
      access_limit: link.access_limit,
      access_limit_enabled: link.access_limit_enabled,
      access_count: link.access_count,
    },
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a person sees at `${linkBaseUrl}/{id}?secret=…`: enough to tell the link works. */
function linkPage(deps: ApiDeps, req: ApiRequest): ApiResponse {
  const { link, pkg } = findLink(deps, req);
  const secret = req.url.searchParams.get('secret') ?? '';
  const info = {
    link_id: link.id,
    package_id: pkg.id,
    name: pkg.name,
    sender: pkg.sender,
    size: packageSize(deps, pkg),
    state: packageState(deps, pkg),
    active: link.active,
    password_protected: link.passwordHash !== '',
    api: `/v1/links/${link.id}?secret=${encodeURIComponent(secret)}`,
  };
  if ((header(req, 'accept') ?? '').includes('application/json'))
    return { status: 200, json: info };
  const html =
    `<!doctype html><meta charset="utf-8"><title>${escapeHtml(pkg.name)}</title>` +
    `<h1>${escapeHtml(pkg.name)}</h1><p>From ${escapeHtml(pkg.sender)} · ${info.size} bytes · ${info.state}</p>` +
    `<p>MASV emulator link page. Open it with a MASV client, or via <code>GET ${escapeHtml(info.api)}</code>.</p>`;
  return { status: 200, raw: { contentType: 'text/html; charset=utf-8', body: html } };
}

async function disableLink(
  deps: ApiDeps,
  req: ApiRequest,
  packageIdFromPath: boolean,
): Promise<ApiResponse> {
  const link = deps.state.get('links', req.params.lid ?? '');
  if (!link) throw notFound('link not found');
  if (packageIdFromPath && req.params.pid !== link.packageId) throw notFound('link not found');
  // The package token must be for the link's package: authorise as if the path named it.
  await requirePackage(
    deps,
    { ...req, params: { ...req.params, pid: link.packageId } },
    { mutating: true },
  );
  link.active = false;
  deps.state.save('links', link);
  return { status: 204 };
}

export function linkRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/packages/:pid/links',
      name: 'createLink',
      handler: async (req) => {
        const { pkg } = await requirePackage(deps, req, { mutating: true });
        // A JSON body with `email` ("" asks for a direct link), as the guide's curl sends it.
        const body = parseBody(req, CreateLinkBody);
        const fields: Parameters<typeof createLink>[2] = {
          email: body.email,
          password: body.password,
        };
        if (body.access_limit !== undefined) fields.access_limit = body.access_limit;
        if (body.expiry !== undefined) fields.expiry = body.expiry;
        return { status: 201, json: linkView(createLink(deps, pkg, fields)) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/links/:lid',
      name: 'deleteLink',
      handler: (r) => disableLink(deps, r, false),
    },
    {
      method: 'DELETE',
      pattern: '/v1/packages/:pid/links/:lid',
      name: 'deleteLink',
      handler: (r) => disableLink(deps, r, true),
    },
    {
      method: 'GET',
      pattern: '/v1/links/:lid',
      name: 'openLink',
      handler: (r) => openLink(deps, r),
    },
    { method: 'GET', pattern: '/:lid', name: 'linkPage', handler: (r) => linkPage(deps, r) },
  ];
}
