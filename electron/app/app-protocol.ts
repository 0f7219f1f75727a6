// The renderer is served from a privileged custom scheme (app://bundle/…) rather than file://,
// so it has a real origin for the CSP and sender checks, and the grantFileProtocolExtraPrivileges
// fuse can stay off. Only files inside the built renderer folder are ever served.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://bundle`;

/**
 * The renderer's CSP as a response header: renderer/index.html's <meta> policy plus
 * frame-ancestors, which browsers ignore in a <meta> element. A test keeps the two in step.
 */
export const RENDERER_CSP_HEADER =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Maps a request URL to a file inside rendererDir, or undefined when it would leave it. */
export function resolveBundlePath(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const relative =
    pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const target = path.resolve(root, relative);
  return target.startsWith(root + path.sep) ? target : undefined;
}
