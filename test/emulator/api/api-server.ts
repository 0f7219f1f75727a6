// The API host: routing, body reading, fault injection (`api:<route name>`), JSON errors and the
// request log. Handlers never see raw sockets; anything they throw that is not an ApiError is a
// bug in the emulator and answers 500 (logged), so tests notice.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError, type FaultAction } from '../types';
import type { ApiDeps } from './context';
import { ApiError, errorBody } from './errors';
import { accountRoutes } from './routes-account';
import { adminRoutes } from './routes-admin';
import { downloadRoutes } from './routes-downloads';
import { fileRoutes } from './routes-files';
import { lifecycleRoutes } from './routes-lifecycle';
import { linkRoutes } from './routes-links';
import { packageRoutes } from './routes-packages';
import { Router, type ApiResponse, type RouteDef } from './router';

/** Bodies are small JSON; 10 000 chunk_extras fit comfortably in this. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function apiRoutes(deps: ApiDeps): RouteDef[] {
  return [
    ...adminRoutes(deps),
    ...accountRoutes(deps),
    ...packageRoutes(deps),
    ...fileRoutes(deps),
    ...lifecycleRoutes(deps),
    ...linkRoutes(deps),
    ...downloadRoutes(deps),
  ];
}

/**
 * The whole body, read with plain events: cheaper per request than an async iterator, and the API
 * answers thousands of small requests a second during an upload. Past the cap it stops keeping
 * bytes and answers 400 (Node discards the rest of the body after the response).
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let failed = false;
    const fail = (err: ApiError): void => {
      if (failed) return;
      failed = true;
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      total += chunk.length;
      if (total > MAX_BODY_BYTES) fail(new ApiError(400, 'request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    });
    // A client that hangs up mid-body is not an emulator bug.
    req.on('error', () => fail(new ApiError(400, 'request body could not be read')));
  });
}

/**
 * MASV documents `Content-Type: application/json` as required on every call with a body; the
 * service refuses a body sent without it, so a client that drifts from the guide fails here
 * first. Body-less POSTs (finalize) need no type.
 */
function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * JSON goes out as a string: Node then sends head and body in one write instead of a writev of
 * two buffers (the socket write is most of what an answer costs).
 */
function serialise(r: ApiResponse): { body: string | Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = r.headers ? { ...r.headers } : {};
  if (r.status === 204) return { body: '', headers };
  if (r.raw) {
    headers['content-type'] = r.raw.contentType;
    return { body: Buffer.from(r.raw.body), headers };
  }
  headers['content-type'] = 'application/json';
  return { body: JSON.stringify(r.json ?? {}), headers };
}

function byteLength(body: string | Buffer): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

function errorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): ApiResponse {
  return { status, json: errorBody(status, message), headers };
}

export function createApiHandler(
  deps: ApiDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const router = new Router(apiRoutes(deps));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.invalid');
    } catch {
      url = new URL('http://emulator.invalid/');
    }
    const match = router.match(method, url.pathname);
    const routeName = match.kind === 'found' ? match.route.name : 'unknown';
    let fault: FaultAction['kind'] | undefined;
    let resetAfter: number | undefined;
    let bodyBytes = 0;
    let response: ApiResponse;
    try {
      const body = await readBody(req);
      bodyBytes = body.length;
      if (match.kind === 'not-found') throw new ApiError(404, 'not found');
      if (match.kind === 'method-not-allowed') throw new ApiError(405, 'method not allowed');
      let answered: ApiResponse | undefined;
      if (routeName !== 'admin') {
        const decisions = deps.faults.decide('api', `api:${routeName}`);
        fault = decisions[0]?.action.kind;
        for (const { action } of decisions) if (action.kind === 'latency') await sleep(action.ms);
        for (const { action } of decisions) {
          if (answered) break;
          switch (action.kind) {
            case 'status':
              answered = errorResponse(action.status, 'injected fault');
              fault = 'status';
              break;
            case 'throttle':
              answered = errorResponse(429, 'too many requests', {
                'retry-after': String(action.retryAfterSeconds),
              });
              fault = 'throttle';
              break;
            case 'reset':
              resetAfter = action.afterBytes;
              break;
            case 'latency':
            case 'expire':
            case 'ignoreRange':
              break;
          }
        }
      }
      if (!answered && routeName !== 'admin' && body.length > 0 && !isJson(req))
        throw new ApiError(415, 'Content-Type must be application/json');
      response =
        answered ??
        (await match.route.handler({
          method,
          url,
          params: match.params,
          headers: req.headers,
          body,
        }));
    } catch (err) {
      if (err instanceof ApiError) response = errorResponse(err.status, err.message, err.headers);
      else if (err instanceof StorageError) response = errorResponse(400, err.message);
      else {
        deps.log(
          `api: internal error in ${routeName}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        response = errorResponse(500, 'internal error');
      }
    }
    const { body, headers } = serialise(response);
    // Admin calls stay out of the log so tests read only what clients did.
    if (routeName !== 'admin') {
      deps.requestLog.push({
        plane: 'api',
        route: `api:${routeName}`,
        method,
        status: response.status,
        bytes: bodyBytes,
        ...(fault ? { fault } : {}),
        at: deps.now(),
      });
    }
    if (resetAfter !== undefined) {
      // The operation has happened; the client just never learns the answer (a lost response).
      if (resetAfter > 0) {
        const bytes = typeof body === 'string' ? Buffer.from(body) : body;
        res.writeHead(response.status, { ...headers, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, resetAfter));
      }
      setImmediate(() => req.socket.destroy());
      return;
    }
    headers['content-length'] = String(byteLength(body));
    res.writeHead(response.status, headers);
    res.end(body);
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      deps.log(`api: failed to answer: ${String(err)}`);
      res.destroy();
    });
  };
}

export interface ApiServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(opts: {
  deps: ApiDeps;
  host: string;
  port: number;
  tls?: { certPem: string; keyPem: string };
}): Promise<ApiServer> {
  const handler = createApiHandler(opts.deps);
  const server: Server = opts.tls
    ? createHttpsServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${opts.tls ? 'https' : 'http'}://${opts.host}:${port}`;
  return { server, url, port, close: () => closeServer(server) };
}

/** Stops accepting, drops idle keep-alive sockets at once and busy ones after a grace period. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), 2000);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
