// The storage plane's HTTP front: CORS, fault injection, SigV4 auth, then the S3 operation.
// Every request ends up as one RequestLog entry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, applyFaults } from '../faults';
import type { FaultController, RequestLog, RequestLogEntry } from '../types';
import { StorageError } from '../types';
import { ConnectionReset } from '../throttle';
import type { SigV4Verifier } from './sigv4';
import type { ObjectStore } from './store';
import { parseTarget, routeFor } from './request';
import type { StorageRoute, Target } from './request';
import { runOperation } from './operations';

export interface HandlerDeps {
  store: ObjectStore;
  bucket: string;
  verifier: SigV4Verifier;
  faults: FaultController;
  log: RequestLog;
  publicUrl: () => string;
}

/** What a route fills in for its log entry while it runs. */
export interface LogContext {
  route: string;
  bytes: number;
  key?: string;
  length?: number;
  uploadId?: string;
  partNumber?: number;
  range?: string;
  fault?: RequestLogEntry['fault'];
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers':
    'ETag, Content-Length, Content-Range, Accept-Ranges, x-amz-request-id',
};

/** S3 error codes and their HTTP statuses for failures raised inside operations. */
const ERROR_STATUS: Record<string, number> = {
  NoSuchUpload: 404,
  NoSuchKey: 404,
  NoSuchBucket: 404,
  NotImplemented: 501,
};

let requestCounter = 0;

export function createHandler(
  deps: HandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res);
  };
}

async function handle(d: HandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx: LogContext = { route: 'storage:unknown', bytes: 0 };
  const startedAt = Date.now();
  const method = req.method ?? 'GET';
  res.setHeader('x-amz-request-id', (++requestCounter).toString(16).padStart(16, '0'));
  for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
  res.once('close', () => {
    d.log.push({
      plane: 'storage',
      route: ctx.route,
      method,
      // 0 when the connection was cut before any answer (an injected reset or a client abort).
      status: res.headersSent ? res.statusCode : 0,
      bytes: ctx.bytes,
      ...(ctx.key !== undefined ? { key: ctx.key } : {}),
      ...(ctx.length !== undefined ? { length: ctx.length } : {}),
      uploadId: ctx.uploadId,
      partNumber: ctx.partNumber,
      range: ctx.range,
      fault: ctx.fault,
      startedAt,
      at: Date.now(),
    });
  });
  try {
    if (method === 'OPTIONS') return preflight(req, res, ctx);
    let target: Target;
    try {
      target = parseTarget(req.url ?? '/');
    } catch {
      return sendError(res, 'xml', 400, 'InvalidURI', 'Could not parse the specified URI.');
    }
    const route: StorageRoute | undefined = routeFor(method, target, req.headers);
    if (!route)
      return sendError(
        res,
        'xml',
        501,
        'NotImplemented',
        `${method} ${req.url ?? ''} is not supported here.`,
      );
    ctx.route = `storage:${route}`;
    if (target.key !== '') ctx.key = target.key;
    const declared = Number(req.headers['content-length']);
    if (method === 'PUT' && Number.isFinite(declared)) ctx.length = declared;
    const outcome = await applyFaults(d.faults.decide('storage', ctx.route), res, 'xml');
    ctx.fault = outcome.kind;
    if (outcome.answered) {
      req.resume();
      return;
    }
    if (target.bucket !== d.bucket) {
      return sendError(res, 'xml', 404, 'NoSuchBucket', 'The specified bucket does not exist.');
    }
    const auth = await d.verifier.verify({
      method,
      path: target.canonicalPath,
      query: target.query,
      headers: req.headers,
    });
    if (!auth.ok) return sendError(res, 'xml', auth.status, auth.code, auth.message);
    await runOperation(route, {
      deps: d,
      req,
      res,
      target,
      ctx,
      outcome,
      payloadHash: auth.payloadHash,
    });
  } catch (e) {
    if (e instanceof ConnectionReset) return;
    if (e instanceof StorageError) {
      return sendError(res, 'xml', ERROR_STATUS[e.code] ?? 400, e.code, e.message);
    }
    if (res.destroyed || req.destroyed) return;
    sendError(res, 'xml', 500, 'InternalError', e instanceof Error ? e.message : String(e));
  }
}

function preflight(req: IncomingMessage, res: ServerResponse, ctx: LogContext): void {
  ctx.route = 'storage:options';
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(200, {
    'Access-Control-Allow-Methods': 'GET, HEAD, PUT, POST, DELETE',
    'Access-Control-Allow-Headers': typeof asked === 'string' && asked ? asked : '*',
    'Access-Control-Max-Age': '3000',
    'Content-Length': 0,
  });
  res.end();
}
