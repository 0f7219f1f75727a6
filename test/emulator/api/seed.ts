// The demo account every new data folder starts with, so `npm run emulator` is usable at once
// and tests have a team, a key, portals and a downloadable package. Secrets are random per data
// folder and persisted, so a restart prints the same account.
import type { DemoAccount } from '../types';
import { isoNow, type ApiDeps } from './context';
import { createPackage, fileKey } from './package-factory';
import type { DemoSeed, FileRecord, PortalRecord } from './records';
import { createApiKey } from './routes-account';
import { createLink } from './routes-links';
import { hashPassword, randomAlnum } from './secrets';
import { ZERO_TIME } from './limits';

const DEMO_FILES: { path: string; name: string; text: string }[] = [
  { path: '', name: 'hello.txt', text: 'Hello from the local MASV emulator.\n' },
  {
    path: 'notes',
    name: 'readme.md',
    text: '# Demo package\n\nTwo small files, one in a folder.\n',
  },
];

function portal(
  deps: ApiDeps,
  teamId: string,
  name: string,
  subdomain: string,
  accessCode: string,
): PortalRecord {
  const rec: PortalRecord = {
    id: deps.state.newId(),
    teamId,
    name,
    subdomain,
    message: `Upload to ${name}`,
    active: true,
    accessCode,
    created_at: isoNow(deps),
  };
  deps.state.save('portals', rec);
  return rec;
}

/** Creates the demo team, user, key, portals, a finalized package with two files and a link. */
export async function seedDemo(deps: ApiDeps): Promise<DemoSeed> {
  const now = isoNow(deps);
  const teamId = deps.state.newId();
  deps.state.save('teams', {
    id: teamId,
    name: 'Demo Team',
    subdomain: 'demo-team',
    created_at: now,
  });
  const email = 'demo@example.test';
  const password = randomAlnum(16);
  const userId = deps.state.newId();
  deps.state.save('users', {
    id: userId,
    email,
    name: 'Demo User',
    passwordHash: hashPassword(password),
    teamIds: [teamId],
    time_zone: 'UTC',
    created_at: now,
  });
  const { key: apiKey } = createApiKey(deps, {
    teamId,
    userId,
    name: 'demo',
    description: 'Created with the emulator data folder',
    expiry: ZERO_TIME,
    state: 'active',
  });
  const open = portal(deps, teamId, 'Demo Portal', 'demo', '');
  const lockedCode = randomAlnum(8);
  const locked = portal(deps, teamId, 'Demo Locked Portal', 'demo-locked', lockedCode);

  const pkg = createPackage(deps, {
    teamId,
    name: 'Demo package',
    description: 'Seeded by the emulator',
    sender: email,
    recipients: [],
    password: '',
    access_limit: null,
  });
  for (const f of DEMO_FILES) {
    const id = deps.state.newId();
    const key = fileKey(pkg.id, id);
    const body = Buffer.from(f.text);
    const info = await deps.storage.putObject(key, body);
    const rec: FileRecord = {
      id,
      packageId: pkg.id,
      kind: 'file',
      name: f.name,
      path: f.path,
      size: body.length,
      last_modified: now,
      state: 'finalized',
      key,
      etag: info.etag,
      created_at: isoNow(deps),
    };
    deps.state.save('files', rec);
  }
  pkg.state = 'finalized';
  pkg.finalized_at = isoNow(deps);
  deps.state.save('packages', pkg);
  const link = createLink(deps, pkg, { email: '', password: '' });

  return {
    teamId,
    userId,
    email,
    password,
    apiKey,
    portalSubdomain: open.subdomain,
    lockedPortalSubdomain: locked.subdomain,
    lockedPortalAccessCode: lockedCode,
    packageId: pkg.id,
    linkId: link.id,
    linkSecret: link.secret,
  };
}

/** The public DemoAccount for a seed; empty fields when the folder was never seeded. */
export function demoAccount(deps: ApiDeps, seed: DemoSeed | undefined): DemoAccount {
  const base = deps.linkBaseUrl();
  const team = seed ? deps.state.team(seed.teamId) : undefined;
  return {
    teamId: seed?.teamId ?? '',
    teamName: team?.name ?? '',
    email: seed?.email ?? '',
    password: seed?.password ?? '',
    apiKey: seed?.apiKey ?? '',
    portalSubdomain: seed?.portalSubdomain ?? '',
    lockedPortalSubdomain: seed?.lockedPortalSubdomain ?? '',
    lockedPortalAccessCode: seed?.lockedPortalAccessCode ?? '',
    packageId: seed?.packageId ?? '',
    linkId: seed?.linkId ?? '',
    linkSecret: seed?.linkSecret ?? '',
    linkUrl: seed ? `${base}/${seed.linkId}?secret=${seed.linkSecret}` : '',
  };
}
