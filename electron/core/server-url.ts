// The server a user may point the app at: https anywhere, plain http only on this computer
// (the local MASV service; the rule is shared/api-url.ts). Anything else is refused, in the
// window's words, before a request is made.
import { checkApiUrl } from '../../shared/api-url';
import { IpcError } from '../ipc/handler-registry';
import { normalizeServerUrl } from '../services/credential-store';

/** A normalised server URL, or an IpcError('bad-server') that says what is wrong. */
export function checkServerUrl(text: string): string {
  const trimmed = text.trim();
  const checked = checkApiUrl(trimmed);
  if (!checked.ok) {
    if (!URL.canParse(trimmed))
      throw new IpcError('bad-server', `"${trimmed.slice(0, 200)}" is not a web address.`);
    throw new IpcError(
      'bad-server',
      'Use an https:// address. Plain http:// is allowed only for this computer (localhost or 127.0.0.1).',
    );
  }
  if (checked.url.username !== '' || checked.url.password !== '')
    throw new IpcError('bad-server', 'A server address cannot carry a user name or password.');
  return normalizeServerUrl(checked.url.href);
}
