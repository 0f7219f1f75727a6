// What the local MASV service holds, read back through its API and storage the way any client
// would: the bytes of a package's files (by SHA-256), found from a share link the window copied
// or from the team's package list, and whether a package still exists. Plus the source folders
// the journeys send.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMasvError } from '../../electron/masv/errors';
import { CredentialStore, loadKeytar } from '../../electron/services/credential-store';
import { parseMasvLink } from '../../shared/links';
import type { Harness } from './harness';

export type Digests = Map<string, string>;

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

/**
 * A folder to send: a nested folder, an empty file and OS junk the scanner must leave out.
 * Returns its path and the digests the package must hold (junk excluded), keyed as MASV lists
 * them: `<folder>/<relative path>`.
 */
export function makeShoot(
  h: Harness,
  name: string,
  bigBytes = 3 * 1024 * 1024,
): { path: string; digests: Digests } {
  const root = join(h.work, name);
  const files: [string, Buffer][] = [
    ['Camera A/Clips/A001.mov', randomBytes(bigBytes)],
    ['Camera A/A001.xml', Buffer.from('<clip name="A001"/>\n')],
    ['notes.txt', Buffer.from(`Notes for ${name}.\n`)],
    ['empty.txt', Buffer.alloc(0)],
  ];
  const digests: Digests = new Map();
  for (const [rel, body] of files) {
    const abs = join(root, rel);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, body);
    digests.set(`${name}/${rel}`, sha256(body));
  }
  writeFileSync(join(root, '.DS_Store'), 'junk');
  writeFileSync(join(root, 'Camera A', 'Thumbs.db'), 'junk');
  return { path: root, digests };
}

/** Every file of a package, downloaded through the API and storage: path → SHA-256. */
async function packageDigests(
  h: Harness,
  packageId: string,
  token: () => Promise<string>,
): Promise<Digests> {
  const client = h.core.session.client;
  const out: Digests = new Map();
  for (const f of await client.listFiles(packageId, await token())) {
    if (f.kind !== 'file') continue;
    const { url } = await client.getDownloadUrl(packageId, await token(), f.id);
    const res = await client.getObjectRange(url, { start: 0 });
    const hash = createHash('sha256');
    for await (const chunk of res.body as AsyncIterable<Buffer>) hash.update(chunk);
    out.set(f.path ? `${f.path}/${f.name}` : f.name, hash.digest('hex'));
  }
  return out;
}

/** Opens a share link as a recipient would (its secret, no sign-in) and reads the package. */
export async function digestsViaLink(h: Harness, linkUrl: string): Promise<Digests> {
  const parsed = parseMasvLink(linkUrl, { extraHosts: [new URL(h.emulator.apiUrl).host] });
  if (!parsed.ok) throw new Error(`not a link: ${parsed.error.message}`);
  const open = () => h.core.session.client.openLink(parsed.link.linkId, parsed.link.secret);
  const first = await open();
  return packageDigests(h, first.packageId, async () => (await open()).packageToken);
}

export async function teamPackageDigests(h: Harness, packageId: string): Promise<Digests> {
  const client = h.core.session.client;
  const token = async () => {
    const pkg = await client.getTeamPackage(h.emulator.demo.teamId, packageId);
    if (!pkg.accessToken) throw new Error('the package has no access token');
    return pkg.accessToken;
  };
  return packageDigests(h, packageId, token);
}

/** The package's state on the service, or 'gone' when the service no longer knows it. */
export async function packageState(h: Harness, packageId: string): Promise<string> {
  try {
    const pkg = await h.core.session.client.getTeamPackage(h.emulator.demo.teamId, packageId);
    return pkg.state ?? 'unknown';
  } catch (error) {
    if (isMasvError(error) && error.code === 'not-found') return 'gone';
    throw error;
  }
}

/** What the OS keychain holds for the rig's server (null once signed out). */
export async function keychainEntry(h: Harness) {
  return new CredentialStore(await loadKeytar()).get(h.emulator.apiUrl);
}
