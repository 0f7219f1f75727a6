// From a pasted link to an API session: parse (shared/links), pick the API the link belongs to
// (only production or a configured server), open it (password if needed), list its files.
import { parseMasvLink } from '../../../shared/links';
import type { MasvLink } from '../../../shared/links';
import { MasvClient } from '../../masv/client';
import type { OpenedLink, RemoteFile } from '../../masv/client';
import { masvError } from '../../masv/errors';
import type { EngineDeps } from '../deps';

export interface LinkConfig {
  /** Link hosts of configured servers (`127.0.0.1:8480`), besides the production ones. */
  linkHosts?: readonly string[];
  /** API base URL for a configured link host; default: the link's own origin (the local service). */
  apiUrlForHost?: (host: string) => string | undefined;
}

export interface DownloadClient {
  openLink: MasvClient['openLink'];
  listFiles: MasvClient['listFiles'];
  getDownloadUrl: MasvClient['getDownloadUrl'];
  getObjectRange: MasvClient['getObjectRange'];
}

export function parseLinkOrThrow(linkUrl: string, config: LinkConfig): MasvLink {
  const parsed = parseMasvLink(linkUrl, { extraHosts: [...(config.linkHosts ?? [])] });
  if (!parsed.ok)
    throw masvError('invalid-input', {
      message: `not a usable MASV link: ${parsed.error.message}`,
      retryable: false,
    });
  return parsed.link;
}

export function apiUrlFor(link: MasvLink, config: LinkConfig): string {
  const configured = config.apiUrlForHost?.(link.host);
  const url = configured ?? link.apiHint;
  if (url === undefined) {
    throw masvError('invalid-input', {
      message: `no server is configured for links on ${link.host}`,
      retryable: false,
    });
  }
  return url;
}

/** A client for the link's API that shares the engine's connection pool and redacting log. */
export function clientFor(apiUrl: string, deps: EngineDeps): DownloadClient {
  return new MasvClient({
    baseUrl: apiUrl,
    dispatcher: deps.dispatcher,
    log: deps.apiLog,
    retry: {
      maxAttempts: deps.settings.partAttempts,
      sleep: (ms, s) => deps.clock.sleep(ms, s),
      random: deps.random,
    },
  });
}

/** The link without its secret: safe for snapshots, logs and the renderer. */
export function publicLinkText(link: MasvLink): string {
  return `${link.production ? 'https' : 'http'}://${link.host}/${link.linkId}`;
}

export interface OpenedPackage {
  opened: OpenedLink;
  files: RemoteFile[];
}

export async function openPackage(
  client: DownloadClient,
  link: MasvLink,
  password: string | undefined,
  signal: AbortSignal,
): Promise<OpenedPackage> {
  const opened = await client.openLink(link.linkId, link.secret, password, signal);
  const files = await client.listFiles(opened.packageId, opened.packageToken, signal);
  return { opened, files };
}
