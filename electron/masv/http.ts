// The one place that touches undici: a keep-alive connection pool factory and a request
// helper that times, logs (redacted) and maps low-level failures to MasvError.
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { ApiLog } from './api-log';
import type { ApiPlane } from './api-log';
import { abortedError } from './errors';
import { mapNetworkError } from './network-errors';
import { secureContextWith } from './tls-trust';

export { ApiLog } from './api-log';
export { mapNetworkError } from './network-errors';
export type { ApiLogEntry, ApiPlane } from './api-log';

export interface DispatcherOptions {
  /**
   * Extra trusted CA (PEM) so the local service can run over TLS with checks left on. It is added
   * to the system's trust, not put in its place (tls-trust.ts).
   */
  ca?: string;
  /** Sockets kept per origin; part uploads run in parallel on one storage origin. */
  connections?: number;
  connectTimeoutMs?: number;
  /** Time allowed for response headers once the request is sent. */
  headersTimeoutMs?: number;
  /** Longest silence allowed while a response body streams in. */
  bodyTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
}

export function createDispatcher(opts: DispatcherOptions = {}): Agent {
  return new Agent({
    connections: opts.connections ?? 64,
    keepAliveTimeout: opts.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 10 * 60_000,
    headersTimeout: opts.headersTimeoutMs ?? 120_000,
    bodyTimeout: opts.bodyTimeoutMs ?? 120_000,
    connect: {
      timeout: opts.connectTimeoutMs ?? 15_000,
      // One context for every connection of the pool: TLS 1.2 or later, default trust + CA.
      secureContext: secureContextWith(opts.ca),
    },
  });
}

export type HttpBody = string | Buffer | Readable;

export interface HttpRequest {
  plane: ApiPlane;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: HttpBody;
  signal?: AbortSignal;
  /** Earlier attempts of the same logical call (for the log). */
  retries?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

export interface HttpContext {
  dispatcher: Dispatcher;
  log: ApiLog;
  now?: () => number;
}

/** Sends one request; the caller must consume or dump `body`. Logs at header time. */
export async function sendRequest(ctx: HttpContext, req: HttpRequest): Promise<HttpResponse> {
  const now = ctx.now ?? Date.now;
  const started = now();
  const entry = {
    at: started,
    plane: req.plane,
    method: req.method,
    path: req.url,
    retries: req.retries ?? 0,
  };
  if (req.signal?.aborted) throw abortedError();
  try {
    const res = await request(req.url, {
      dispatcher: ctx.dispatcher,
      method: req.method,
      headers: req.headers ?? {},
      body: req.body ?? null,
      signal: req.signal ?? null,
    });
    const requestId = requestIdOf(res.headers);
    ctx.log.record({
      ...entry,
      status: res.statusCode,
      ms: now() - started,
      ...(requestId === undefined ? {} : { requestId }),
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  } catch (e) {
    const err = mapNetworkError(e, req.signal, req.url);
    ctx.log.record({
      ...entry,
      status: null,
      ms: now() - started,
      error: `${err.code}: ${err.detail ?? err.message}`,
      errorCode: err.code,
    });
    throw err;
  }
}

const REQUEST_ID_HEADERS = ['x-request-id', 'x-amz-request-id', 'x-amzn-requestid', 'request-id'];

/** The server's id for this request (for support), when it sends one that looks like an id. */
export function requestIdOf(headers: HttpResponse['headers']): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const v = headerValue(headers, name);
    if (v !== undefined && /^[A-Za-z0-9._:/+=-]{1,128}$/.test(v)) return v;
  }
  return undefined;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
