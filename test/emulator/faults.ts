// Fault injection shared by both planes: a seeded rule engine (so a failing run repeats exactly)
// and the helper that turns its decisions into latency, error answers and stream limits.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  FaultAction,
  FaultConfig,
  FaultController,
  FaultDecision,
  FaultRule,
  Plane,
} from './types';

export const DEFAULT_FAULT_CONFIG: FaultConfig = {
  seed: 1,
  rules: [],
  bandwidthBytesPerSecond: 0,
  urlLifetimeSeconds: 3600,
};

/** mulberry32: tiny, fast and good enough to make fault draws repeat for a given seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * True when `pattern` names `route` on `plane`. Patterns: `*` (everything), `storage:*` or any
 * other trailing-`*` prefix, or an exact name; the `plane:` prefix may be omitted.
 */
export function routeMatches(pattern: string, plane: Plane, route: string): boolean {
  if (pattern === '*') return true;
  const bare = route.startsWith(`${plane}:`) ? route.slice(plane.length + 1) : route;
  const full = `${plane}:${bare}`;
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return full.startsWith(prefix) || (!prefix.includes(':') && bare.startsWith(prefix));
  }
  return pattern === full || pattern === bare;
}

/** Actions that only make sense against pre-signed storage URLs. */
const STORAGE_ONLY = new Set<FaultAction['kind']>(['expire', 'ignoreRange']);

export function createFaultController(initial: Partial<FaultConfig> = {}): FaultController {
  let cfg: FaultConfig = { ...DEFAULT_FAULT_CONFIG, ...initial, rules: [...(initial.rules ?? [])] };
  let random = mulberry32(cfg.seed);
  // Fired and matched counts per rule object, so `count` limits and `every` strides survive
  // config() copies handed out.
  let fired = new Map<FaultRule, number>();
  let matched = new Map<FaultRule, number>();

  return {
    config: () => ({ ...cfg, rules: [...cfg.rules] }),
    update(patch) {
      cfg = { ...cfg, ...patch, rules: patch.rules ? [...patch.rules] : cfg.rules };
      if (patch.rules) {
        fired = new Map();
        matched = new Map();
      }
      if (patch.seed !== undefined) random = mulberry32(patch.seed);
    },
    addRule(rule) {
      cfg = { ...cfg, rules: [...cfg.rules, rule] };
    },
    clear() {
      cfg = { ...DEFAULT_FAULT_CONFIG, seed: cfg.seed, rules: [] };
      fired = new Map();
      matched = new Map();
      random = mulberry32(cfg.seed);
    },
    decide(plane, route) {
      const out: FaultDecision[] = [];
      const kinds = new Set<FaultAction['kind']>();
      for (const rule of cfg.rules) {
        const kind = rule.action.kind;
        if (!routeMatches(rule.route, plane, route)) continue;
        if (plane === 'api' && STORAGE_ONLY.has(kind)) continue;
        const seen = (matched.get(rule) ?? 0) + 1;
        matched.set(rule, seen);
        if (kinds.has(kind)) continue;
        const n = fired.get(rule) ?? 0;
        if (rule.count !== undefined && n >= rule.count) continue;
        if (rule.every !== undefined ? seen % rule.every !== 0 : random() >= (rule.rate ?? 0))
          continue;
        fired.set(rule, n + 1);
        kinds.add(kind);
        out.push({ rule, action: rule.action });
      }
      return out;
    },
  };
}

export type ErrorStyle = 'json' | 'xml';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Writes an error in the plane's dialect: S3 `<Error>` XML or the API's `{code, message}` JSON. */
export function sendError(
  res: ServerResponse,
  style: ErrorStyle,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body =
    style === 'json'
      ? JSON.stringify({ code, message })
      : `${XML_HEAD}<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': style === 'json' ? 'application/json' : 'application/xml',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

const STATUS_TEXT: Record<number, [string, string]> = {
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  502: ['BadGateway', 'Injected fault: bad gateway.'],
  503: ['ServiceUnavailable', 'Please reduce your request rate.'],
  504: ['GatewayTimeout', 'Injected fault: gateway timeout.'],
};

export interface FaultOutcome {
  /** The fault already answered the request (status, throttle or expire); stop handling it. */
  answered: boolean;
  /** Kind to record in the request log: the answering fault, else the first one that fired. */
  kind?: FaultAction['kind'];
  /** Cut the connection after this many body bytes (read for uploads, written for downloads). */
  resetAfterBytes?: number;
  ignoreRange: boolean;
  /** HTTP status the fault answered with, when `answered`. */
  status?: number;
}

/**
 * Applies the decisions for one request: sleeps for latency, then answers status/throttle/expire
 * faults itself and hands back the stream-level ones (reset, ignoreRange) for the route to honour.
 */
export async function applyFaults(
  decisions: readonly FaultDecision[],
  res: ServerResponse,
  style: ErrorStyle,
): Promise<FaultOutcome> {
  const outcome: FaultOutcome = {
    answered: false,
    ignoreRange: false,
    kind: decisions[0]?.action.kind,
  };
  for (const { action } of decisions) if (action.kind === 'latency') await sleep(action.ms);
  for (const { action } of decisions) {
    switch (action.kind) {
      case 'latency':
        break;
      case 'status': {
        const [code, message] = STATUS_TEXT[action.status] ?? ['InternalError', 'Injected fault.'];
        sendError(res, style, action.status, code, message);
        return { ...outcome, answered: true, kind: 'status', status: action.status };
      }
      case 'throttle': {
        const status = style === 'json' ? 429 : 503;
        const [code, message] =
          style === 'json'
            ? ['TooManyRequests', 'Too many requests.']
            : ['SlowDown', 'Please reduce your request rate.'];
        sendError(res, style, status, code, message, {
          'Retry-After': String(action.retryAfterSeconds),
        });
        return { ...outcome, answered: true, kind: 'throttle', status };
      }
      case 'expire':
        sendError(res, style, 403, 'AccessDenied', 'Request has expired');
        return { ...outcome, answered: true, kind: 'expire', status: 403 };
      case 'reset':
        outcome.resetAfterBytes = action.afterBytes;
        break;
      case 'ignoreRange':
        outcome.ignoreRange = true;
        break;
    }
  }
  return outcome;
}
