// The app:// protocol handler: files of the built renderer only (see app-protocol.ts), each
// with the renderer's CSP as a response header.
import { pathToFileURL } from 'node:url';
import { net } from 'electron';
import { RENDERER_CSP_HEADER, resolveBundlePath } from './app-protocol';

export function serveRenderer(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveBundlePath(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP_HEADER);
    return new Response(response.body, { status: response.status, headers });
  };
}
