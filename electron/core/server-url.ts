// The server a user may point the app at: https anywhere, plain http only on this computer
// (the local MASV service). Anything else is refused before a request is made.
import { IpcError } from '../ipc/handler-registry';
import { normalizeServerUrl } from '../services/credential-store';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A normalised server URL, or an IpcError('bad-server') that says what is wrong. */
export function checkServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new IpcError('bad-server', `"${text.slice(0, 200)}" is not a web address.`);
  }
  if (url.username !== '' || url.password !== '')
    throw new IpcError('bad-server', 'A server address cannot carry a user name or password.');
  if (url.protocol === 'https:') return normalizeServerUrl(url.href);
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return normalizeServerUrl(url.href);
  throw new IpcError(
    'bad-server',
    'Use an https:// address. Plain http:// is allowed only for this computer (localhost or 127.0.0.1).',
  );
}
