// Strips secrets from anything headed for a log: pre-signed URL signatures and credentials,
// link secrets, API keys, JWTs, passwords, access codes.

const SECRET_QUERY_KEYS = new Set([
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'signature',
  'secret',
  'token',
  'access_token',
  'password',
  'api_key',
  'apikey',
  'access_code',
]);

const SECRET_HEADERS = new Set([
  'x-api-key',
  'x-user-token',
  'x-package-token',
  'x-transfer-token',
  'x-link-password',
  'authorization',
  'cookie',
  'set-cookie',
  'x-amz-security-token',
]);

const MASK = '[redacted]';

/** Replaces secret query values; keeps the rest so logs stay useful. Never throws. */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const q = base.indexOf('?');
  // user:password@host is a credential too.
  const head = (q >= 0 ? base.slice(0, q) : base).replace(/\/\/[^/@]*@/, '//');
  if (q < 0) return head;
  const query = base
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decodeSafe(eq >= 0 ? pair.slice(0, eq) : pair).toLowerCase();
      return SECRET_QUERY_KEYS.has(key)
        ? `${pair.slice(0, eq >= 0 ? eq : pair.length)}=${MASK}`
        : pair;
    })
    .join('&');
  // A fragment may carry a secret (`#secret` link form), so it is dropped.
  return `${head}?${query}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Same as redactUrl for a path with optional query (`/v1/links/x?secret=…`). */
export function redactPath(pathWithQuery: string): string {
  return redactUrl(pathWithQuery);
}

export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? MASK : redact(value);
  }
  return out;
}

const PATTERNS: [RegExp, string][] = [
  // JWTs (package/user tokens): three base64url segments, header starts with eyJ.
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, MASK],
  // key=value secrets in query strings or free text.
  [
    /((?:x-amz-signature|x-amz-credential|x-amz-security-token|signature|secret|token|access_token|password|api_key|apikey|access_code)=)[^&\s"'#]+/gi,
    `$1${MASK}`,
  ],
  // "Header: value" lines and JSON fields carrying credentials.
  [
    /((?:x-api-key|x-user-token|x-package-token|x-link-password|authorization)\s*[:=]\s*)("?)[^\s",}]+/gi,
    `$1$2${MASK}`,
  ],
  [
    /("(?:password|access_code|download_secret|access_token|package_token|token|key|api_key|secret)"\s*:\s*")[^"]*"/gi,
    `$1${MASK}"`,
  ],
];

/** Best-effort scrub of free text (error bodies, messages). */
export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

/**
 * A registry of exact secret values known at run time (the API key in use, a link's secret,
 * a password). Anything that slips past the patterns is caught by value.
 */
export class SecretSet {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    // Very short values would blank out ordinary words; real secrets are longer.
    if (value && value.length >= 6) this.values.add(value);
  }

  scrub(text: string): string {
    let out = redact(text);
    for (const v of this.values) out = out.split(v).join(MASK);
    return out;
  }
}
