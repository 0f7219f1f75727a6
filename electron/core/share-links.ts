// Share links of finished team uploads, for the app and the CLI alike: made through the
// package's token, kept as a link id in records and history, with the secret in the secret
// store. The full URL exists only when someone copies or prints it.
import { formatMasvLink, PRODUCTION_API_URL } from '../../shared/links';
import type { MasvClient } from '../masv/client';
import { masvError } from '../masv/errors';
import { normalizeServerUrl } from '../services/credential-store';
import type { SecretStore } from '../services/secret-store';

const ref = (linkId: string) => `share-link:${linkId}`;

/** The URL users open: get.massive.app for production, the server's own host otherwise. */
export function shareLinkUrl(serverUrl: string, linkId: string, secret: string): string {
  if (normalizeServerUrl(serverUrl) === PRODUCTION_API_URL)
    return formatMasvLink({ linkId, secret, host: 'get.massive.app' });
  const api = new URL(serverUrl);
  return formatMasvLink(
    { linkId, secret, host: api.host },
    { scheme: api.protocol === 'https:' ? 'https' : 'http' },
  );
}

export class ShareLinks {
  constructor(private readonly secrets: SecretStore) {}

  /** A direct-download link (no recipient e-mail) for a team package; returns its id. */
  async create(client: MasvClient, teamId: string, packageId: string): Promise<string> {
    const pkg = await client.getTeamPackage(teamId, packageId);
    if (pkg.accessToken === undefined)
      throw masvError('invalid-response', { detail: 'MASV did not return a package token' });
    const link = await client.createLink(packageId, pkg.accessToken);
    if (link.secret === undefined)
      throw masvError('invalid-response', { detail: 'MASV did not return the link secret' });
    await this.secrets.set(ref(link.id), link.secret);
    return link.id;
  }

  /** Keeps the secret of a link someone gave us (a download), so history can copy it later. */
  async keep(linkId: string, secret: string): Promise<void> {
    await this.secrets.set(ref(linkId), secret);
  }

  /** The full URL, or undefined when its secret is gone (removed, or another keychain). */
  async url(serverUrl: string, linkId: string): Promise<string | undefined> {
    const secret = await this.secrets.get(ref(linkId));
    return secret === null ? undefined : shareLinkUrl(serverUrl, linkId, secret);
  }

  async forget(linkId: string): Promise<void> {
    await this.secrets.delete(ref(linkId));
  }
}
