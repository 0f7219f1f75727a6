// Redaction by structure, for anything logged as fields: a secret is found by the NAME it is
// kept under (apiKey, token, password, x-user-token…, at any depth) and URLs anywhere lose the
// values of their secret-ish query parameters. The pattern redactor (redact.ts) runs after it
// as a second net, for secrets that hide in free text.
import { redact } from './redact';

export const MASK = '[redacted]';

/** Field names that hold secrets, compared lowercased with `-` and `_` removed. */
const SECRET_FIELDS = new Set([
  'apikey',
  'key',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'packagetoken',
  'usertoken',
  'transfertoken',
  'password',
  'passwd',
  'passphrase',
  'accesscode',
  'secret',
  'clientsecret',
  'downloadsecret',
  'linksecret',
  'authorization',
  'proxyauthorization',
  'xapikey',
  'xusertoken',
  'xpackagetoken',
  'xtransfertoken',
  'xlinkpassword',
  'cookie',
  'setcookie',
  'xamzsecuritytoken',
  'xamzsignature',
  'xamzcredential',
  'signature',
  'credential',
  'credentials',
  'privatekey',
  'sessionid',
]);

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** True for a field name whose value must never be logged. */
export function isSecretFieldName(name: string): boolean {
  const n = normalizeName(name);
  return (
    SECRET_FIELDS.has(n) ||
    n.endsWith('token') ||
    n.endsWith('secret') ||
    n.endsWith('password') ||
    n.endsWith('apikey') ||
    n.endsWith('accesscode')
  );
}

/** True for a query parameter whose value must not be logged (signatures, secrets, codes…). */
export function isSecretQueryKey(name: string): boolean {
  const n = normalizeName(name);
  return (
    isSecretFieldName(n) ||
    /secret|token|signature|password|passwd|credential|code|apikey|auth|session|^sig$|^key$/.test(n)
  );
}

/** Masks the values of secret-ish query parameters and any user:password@ of one URL. */
export function redactUrlQuery(url: string): string {
  const hash = url.indexOf('#');
  // A fragment may carry a link secret (`#secret` form): it goes whole.
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const q = base.indexOf('?');
  const head = (q >= 0 ? base.slice(0, q) : base).replace(/\/\/[^/?#@\s]*@/, '//');
  const fragment = hash >= 0 ? `#${MASK}` : '';
  if (q < 0) return head + fragment;
  const query = base
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq >= 0 ? pair.slice(0, eq) : pair;
      return eq >= 0 && isSecretQueryKey(decodeSafe(rawKey)) ? `${rawKey}=${MASK}` : pair;
    })
    .join('&');
  return `${head}?${query}${fragment}`;
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** Every URL inside free text, query-redacted; then the pattern net. */
export function redactText(text: string): string {
  return redact(text.replace(URL_IN_TEXT, (u) => redactUrlQuery(u)));
}

export interface RedactOptions {
  /** Exact values known to be secret at run time (SecretSet.scrub or similar). */
  scrub?: (text: string) => string;
}

const MAX_DEPTH = 24;

/**
 * A deep copy of `value` fit for a log: secret-named fields become "[redacted]" at any depth,
 * strings lose URL secrets and pattern-matched secrets, errors keep name/message/code, cycles and
 * too-deep nesting are cut. Never throws.
 */
export function redactValue(value: unknown, opts: RedactOptions = {}): unknown {
  const seen = new WeakSet<object>();
  const text = (s: string) => (opts.scrub ? opts.scrub(redactText(s)) : redactText(s));
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object') return undefined; // functions, symbols, undefined
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    try {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
      if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
      if (v instanceof URL) return text(v.href);
      if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1) ?? null);
      const entries: [string, unknown][] =
        v instanceof Map
          ? [...v.entries()].map(([k, x]) => [String(k), x])
          : v instanceof Error
            ? errorEntries(v)
            : Object.entries(v);
      const out: Record<string, unknown> = {};
      for (const [k, x] of entries) {
        const key = text(k);
        if (isSecretFieldName(k)) out[key] = MASK;
        else {
          const r = walk(x, depth + 1);
          if (r !== undefined) out[key] = r;
        }
      }
      return out;
    } catch {
      return '[unreadable]';
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0);
}

function errorEntries(e: Error): [string, unknown][] {
  const out: [string, unknown][] = [
    ['name', e.name],
    ['message', e.message],
  ];
  const code = (e as { code?: unknown }).code;
  if (code !== undefined) out.push(['code', code]);
  return out;
}

/**
 * One log line (JSON or not) redacted: JSON lines field by field, anything else as text.
 * Used on whole log files on their way into a diagnostics archive.
 */
export function redactLogLine(line: string, opts: RedactOptions = {}): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactValue(JSON.parse(trimmed), opts));
    } catch {
      // Not JSON after all (a line cut by a crash): fall through to text.
    }
  }
  const t = redactText(line);
  return opts.scrub ? opts.scrub(t) : t;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
