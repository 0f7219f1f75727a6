// A tiny method + path router. Every route has an operation name used for fault injection
// (`api:<name>`) and the request log, so the names are part of the emulator's public surface.
import type { IncomingHttpHeaders } from 'node:http';

export interface ApiRequest {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Raw body bytes (empty when none was sent). */
  body: Buffer;
}

export interface ApiResponse {
  status: number;
  /** Serialised as JSON unless `raw` is given. Omitted for 204. */
  json?: unknown;
  raw?: { contentType: string; body: string | Buffer };
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest) => Promise<ApiResponse> | ApiResponse;

export interface RouteDef {
  method: string;
  /** Segments starting with ':' capture one path segment. */
  pattern: string;
  name: string;
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'found'; route: RouteDef; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

interface Compiled {
  route: RouteDef;
  segments: string[];
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: RouteDef[]) {
    this.compiled = routes.map((route) => ({ route, segments: split(route.pattern) }));
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = split(pathname);
    let pathMatched = false;
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      pathMatched = true;
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const part = parts[i]!;
    if (p.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(part);
      } catch {
        return undefined;
      }
      params[p.slice(1)] = value;
    } else if (p !== part) {
      return undefined;
    }
  }
  return params;
}
