// The route of a request as a template (`/v1/packages/{id}/files/{id}`): what the persistent API
// log keeps instead of the URL. Only words from a fixed vocabulary survive; every other path
// segment (ids, subdomains, storage object keys) becomes `{id}`, and the query is dropped, so no
// id, signature or secret can reach the file through a URL.
import type { ApiPlane } from './api-log';

/** Path words of the MASV API (see /v1 and /v1.1 routes in client-core.ts and client.ts). */
const API_WORDS = new Set([
  'v1',
  'v1.1',
  'v2',
  'auth',
  'teams',
  'packages',
  'files',
  'links',
  'download',
  'downloads',
  'finalize',
  'system',
  'spec',
  'subdomains',
  'portals',
  'users',
  'me',
  'upload',
  'uploads',
  'multipart',
  'parts',
  'complete',
  'zip',
  'recipients',
  'health',
]);

export function routeTemplate(plane: ApiPlane, url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return '/{unparsable}';
  }
  // A pre-signed storage URL's path is a bucket and object key: ids all the way down.
  if (plane === 'storage') return '/{object}';
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.length === 0) return '/';
  return `/${segments.map((s) => (API_WORDS.has(s.toLowerCase()) ? s.toLowerCase() : '{id}')).join('/')}`;
}

/** The host of a URL (not secret, says which server answered), or undefined. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}
