// Which pages the app may open in the system browser: https only, on MASV's own hosts or the
// configured server's host. Anything else (another scheme, a look-alike host) is refused.
import { IpcError } from '../ipc/handler-registry';

const MASV_DOMAINS = ['massive.io', 'massive.app'];

export function checkExternalUrl(text: string, serverUrl: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IpcError('bad-url', 'That is not a web address.');
  }
  const host = url.hostname.toLowerCase();
  const server = safeHost(serverUrl);
  const allowed =
    MASV_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`)) ||
    (server !== undefined && host === server);
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || !allowed)
    throw new IpcError('not-allowed', `The app opens only https pages of MASV, not ${url.host}.`);
  return url.href;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
