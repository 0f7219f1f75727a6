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

/** Routes grouped by segment count, so a request only looks at patterns of its own length. */
export class Router {
  private readonly byLength = new Map<number, Compiled[]>();

  constructor(routes: RouteDef[]) {
    for (const route of routes) {
      const segments = split(route.pattern);
      let bucket = this.byLength.get(segments.length);
      if (!bucket) this.byLength.set(segments.length, (bucket = []));
      bucket.push({ route, segments });
    }
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = split(pathname);
    let pathMatched = false;
    for (const { route, segments } of this.byLength.get(parts.length) ?? []) {
      if (!literalsMatch(segments, parts)) continue;
      const params = captureParams(segments, parts);
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

/** Same length is given; compares the fixed segments only (no allocation). */
function literalsMatch(pattern: string[], parts: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.charCodeAt(0) !== 58 /* ':' */ && p !== parts[i]) return false;
  }
  return true;
}

function captureParams(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.charCodeAt(0) !== 58 /* ':' */) continue;
    try {
      params[p.slice(1)] = decodeURIComponent(parts[i]!);
    } catch {
      return undefined;
    }
  }
  return params;
}
