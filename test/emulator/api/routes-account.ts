// Login, teams, members and API keys (masv-api.md §1.3, §1.4, §4.1).
import { requireTeam, requireUser, requireUserToken } from './auth';
import { isoNow, type ApiDeps } from './context';
import { forbidden, notFound, unauthorized } from './errors';
import { ZERO_TIME } from './limits';
import type { ApiKeyRecord } from './records';
import type { RouteDef } from './router';
import { ApiKeyCreateBody, ApiKeyUpdateBody, AuthBody, parseBody } from './schemas';
import { randomAlnum, sha256Hex, verifyPassword } from './secrets';
import { teamView, userView } from './views';

function apiKeyView(k: ApiKeyRecord): Record<string, unknown> {
  return {
    id: k.id,
    team_id: k.teamId,
    name: k.name,
    description: k.description,
    expiry: k.expiry,
    state: k.state,
    created_at: k.created_at,
  };
}

/** Creates a key record and returns it with the key value (shown only this once). */
export function createApiKey(
  deps: ApiDeps,
  fields: {
    teamId: string;
    userId: string;
    name: string;
    description: string;
    expiry: string;
    state: 'active' | 'inactive';
  },
): { record: ApiKeyRecord; key: string } {
  const key = randomAlnum(40);
  const record: ApiKeyRecord = {
    id: deps.state.newId(),
    keyHash: sha256Hex(key),
    created_at: isoNow(deps),
    ...fields,
  };
  deps.state.save('apiKeys', record);
  return { record, key };
}

export function accountRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/auth',
      name: 'auth',
      handler: async (req) => {
        const body = parseBody(req, AuthBody);
        const user = deps.state.userByEmail(body.email);
        if (!user || !verifyPassword(body.password, user.passwordHash))
          throw unauthorized('invalid email or password');
        const teams = user.teamIds.map((id) => deps.state.team(id)).filter((t) => t !== undefined);
        return {
          status: 200,
          json: {
            teams: teams.map(teamView),
            token: await deps.tokens.userToken(user.id),
            user: userView(user),
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/teams',
      name: 'listTeams',
      handler: async (req) => {
        const user = await requireUser(deps, req);
        const teams = user.teamIds.map((id) => deps.state.team(id)).filter((t) => t !== undefined);
        return { status: 200, json: teams.map(teamView) };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/teams/:tid/members',
      name: 'listMembers',
      handler: async (req) => {
        const user = await requireUser(deps, req);
        const team = requireTeam(deps, user, req.params.tid ?? '');
        const members = deps.state
          .all('users')
          .filter((u) => u.teamIds.includes(team.id))
          .map((u) => ({ id: u.id, user_id: u.id, email: u.email, name: u.name, role: 'owner' }));
        return { status: 200, json: members };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/teams/:tid/api_keys',
      name: 'createApiKey',
      handler: async (req) => {
        const user = await requireUserToken(deps, req);
        const team = requireTeam(deps, user, req.params.tid ?? '');
        const body = parseBody(req, ApiKeyCreateBody);
        const { record, key } = createApiKey(deps, {
          teamId: team.id,
          userId: user.id,
          name: body.name,
          description: body.description,
          expiry: body.expiry ? new Date(body.expiry).toISOString() : ZERO_TIME,
          state: body.state,
        });
        return { status: 201, json: { ...apiKeyView(record), key } };
      },
    },
    {
      method: 'PUT',
      pattern: '/v1/api_keys/:kid',
      name: 'updateApiKey',
      handler: async (req) => {
        const user = await requireUserToken(deps, req);
        const record = deps.state.get('apiKeys', req.params.kid ?? '');
        if (!record) throw notFound('API key not found');
        if (!user.teamIds.includes(record.teamId))
          throw forbidden('not a member of this API key’s team');
        const body = parseBody(req, ApiKeyUpdateBody);
        if (body.name !== undefined) record.name = body.name;
        if (body.description !== undefined) record.description = body.description;
        if (body.expiry !== undefined) record.expiry = new Date(body.expiry).toISOString();
        if (body.state !== undefined) record.state = body.state;
        deps.state.save('apiKeys', record);
        return { status: 200, json: apiKeyView(record) };
      },
    },
  ];
}
