// MASV download links are untrusted input (pasted text, deep links, argv). This parser turns
// them into a closed shape or a precise refusal; it never throws. Pure: no Node built-ins.
//
// Accepted forms (masv-api.md §3.1):
//   https://get.massive.app/<LINK_ID>?secret=<SECRET>        production (also get.massive.io)
//   https://get.massive.app/<LINK_ID>/#secret=<SECRET>       defensive fragment form
//   http(s)://<configured host>/<LINK_ID>?secret=<SECRET>    a configured server (local service)
//   masv://<host>/<LINK_ID>?secret=<SECRET>                  the app's own deep-link scheme

/**
 * The app's deep-link scheme (registered with the OS by the Electron glue).
 *
 * `masv://<host>/<link_id>?secret=<secret>` names the link host, never an API URL: a deep link
 * cannot point the app at an arbitrary server. `<host>` must be a production link host
 * (get.massive.app / get.massive.io → the production API `https://api.massive.app`) or one of the
 * link hosts of a server the user configured (e.g. `127.0.0.1:8480` → that server's API URL,
 * resolved by the caller from its settings; the scheme carries no http/https choice).
 */
export const MASV_LINK_SCHEME = 'masv';

/** Link hosts of the MASV production service; they map to the production API. */
export const PRODUCTION_LINK_HOSTS: readonly string[] = ['get.massive.app', 'get.massive.io'];
export const PRODUCTION_API_URL = 'https://api.massive.app';

/** Browsers and OS handlers cap URLs near 2 KB; real MASV links are ~80 characters. */
export const MAX_LINK_LENGTH = 2048;

export type MasvLinkErrorCode =
  | 'empty'
  | 'too-long'
  | 'invalid-characters'
  | 'unsupported-scheme'
  | 'malformed-url'
  | 'credentials-in-url'
  | 'host-not-allowed'
  | 'port-not-allowed'
  | 'unexpected-path'
  | 'bad-link-id'
  | 'missing-secret'
  | 'bad-secret';

export interface MasvLinkError {
  code: MasvLinkErrorCode;
  message: string;
}

export interface MasvLink {
  /** Upper-case 26-character ULID. */
  linkId: string;
  secret: string;
  /** Lower-case link host, with the port for configured hosts (`127.0.0.1:8480`). */
  host: string;
  /** True for get.massive.app / get.massive.io. */
  production: boolean;
  /**
   * API base URL when the link itself determines it: the production API for production hosts,
   * the link's own origin for http(s) links to a configured host (the local service serves links
   * on its API host). Absent for masv:// links to configured hosts: the caller maps the host to
   * the configured server.
   */
  apiHint?: string;
}

export type ParseMasvLinkResult =
  { ok: true; link: MasvLink } | { ok: false; error: MasvLinkError };

export interface ParseMasvLinkOptions {
  /** Link hosts (`host[:port]`) of servers the user configured, e.g. `127.0.0.1:8480`. */
  extraHosts?: readonly string[];
}

/** Crockford base32 (no I, L, O, U); a ULID's first character is 0-7 (48-bit timestamp). */
const LINK_ID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
/** Secrets seen are 16 alphanumerics; allow URL-unreserved characters up to a sane length. */
const SECRET_PATTERN = /^[A-Za-z0-9._~-]{1,256}$/;
// C0/C1 controls, whitespace of every kind, and bidi/zero-width marks that can disguise a URL.
const FORBIDDEN_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2066-\u2069\u3000\ufeff]/u;

function fail(code: MasvLinkErrorCode, message: string): ParseMasvLinkResult {
  return { ok: false, error: { code, message } };
}

function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

export function parseMasvLink(input: string, opts: ParseMasvLinkOptions = {}): ParseMasvLinkResult {
  if (typeof input !== 'string') return fail('empty', 'No link was given.');
  const text = input.trim();
  if (text === '') return fail('empty', 'No link was given.');
  if (text.length > MAX_LINK_LENGTH) {
    return fail('too-long', `The link is longer than ${MAX_LINK_LENGTH} characters.`);
  }
  if (FORBIDDEN_CHARS.test(text)) {
    return fail('invalid-characters', 'The link contains spaces or control characters.');
  }
  // WHATWG URL parsing would silently turn "\" into "/" for http(s); a real link never has one.
  if (text.includes('\\')) return fail('invalid-characters', 'The link contains a backslash.');

  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  if (!schemeMatch) return fail('unsupported-scheme', `This is not a link. ${LINK_RULE}`);
  const scheme = (schemeMatch[1] ?? '').toLowerCase();
  if (scheme !== 'https' && scheme !== 'http' && scheme !== MASV_LINK_SCHEME) {
    return fail('unsupported-scheme', `Links using "${scheme}:" are not supported. ${LINK_RULE}`);
  }
  const rest = text.slice(schemeMatch[0].length);
  if (!rest.startsWith('//')) return fail('malformed-url', 'The link has no host.');
  // The authority is checked on the raw text: URL() hides a default port and decodes userinfo.
  const authority = rest.slice(2).split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@')) {
    return fail(
      'credentials-in-url',
      'The link contains a user name or password; MASV links never do.',
    );
  }
  if (authority === '') return fail('malformed-url', 'The link has no host.');

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('malformed-url', 'The link is not a valid URL.');
  }

  const host = normaliseHost(authority);
  const production = PRODUCTION_LINK_HOSTS.includes(host.split(':')[0] ?? '');
  const extra = (opts.extraHosts ?? []).map(normaliseHost).filter((h) => h !== '');
  if (production) {
    if (host.includes(':'))
      return fail('port-not-allowed', 'MASV links never carry a port number.');
    if (scheme === 'http')
      return fail('unsupported-scheme', 'MASV production links must use https://.');
  } else if (!extra.includes(host)) {
    return fail('host-not-allowed', `"${host}" is not a MASV link host. ${LINK_RULE}`);
  }

  // The raw path, not url.pathname: URL() resolves "/<id>/../x" to "/x" without telling us.
  const rawPath = rest.slice(2 + authority.length).split(/[?#]/, 1)[0] ?? '';
  const segments = rawPath
    .split('/')
    .filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)));
  if (segments.length === 0 || segments[0] === '')
    return fail('bad-link-id', 'The link has no link id.');
  if (segments.length > 1)
    return fail('unexpected-path', 'The link has extra path segments after the link id.');
  let linkId: string;
  try {
    linkId = decodeURIComponent(segments[0] ?? '').toUpperCase();
  } catch {
    return fail('bad-link-id', 'The link id is not valid.');
  }
  if (!LINK_ID_PATTERN.test(linkId)) {
    return fail('bad-link-id', 'The link id must be 26 characters of Crockford base32 (a ULID).');
  }

  const secret = findSecret(url);
  if (secret === undefined) return fail('missing-secret', 'The link has no secret (?secret=…).');
  if (secret === '') return fail('missing-secret', 'The link secret is empty.');
  if (!SECRET_PATTERN.test(secret))
    return fail('bad-secret', 'The link secret has unexpected characters or length.');

  const link: MasvLink = { linkId, secret, host, production };
  if (production) link.apiHint = PRODUCTION_API_URL;
  else if (scheme !== MASV_LINK_SCHEME) link.apiHint = `${scheme}://${host}`;
  return { ok: true, link };
}

/**
 * The rule as the parser applies it. It names no configured host, so the window (which checks
 * links in main) and any other caller show the same words for the same text.
 */
const LINK_RULE =
  'A MASV link is https://get.massive.app/… (or get.massive.io), masv://…, or the address of the server in use over http:// or https://.';

/** `?secret=` wins; the `#secret=` fragment is a defensive fallback (not seen in MASV docs). */
function findSecret(url: URL): string | undefined {
  const fromQuery = url.searchParams.get('secret');
  if (fromQuery !== null) return fromQuery;
  if (url.hash.length > 1) {
    const fromHash = new URLSearchParams(url.hash.slice(1)).get('secret');
    if (fromHash !== null) return fromHash;
  }
  return undefined;
}

export interface FormatMasvLinkOptions {
  /** Default: https for production hosts, http for configured hosts (the local service). */
  scheme?: 'https' | 'http' | typeof MASV_LINK_SCHEME;
}

/** Builds the canonical link text for a parsed link (secrets stay out of logs: callers redact). */
export function formatMasvLink(
  link: Pick<MasvLink, 'linkId' | 'secret' | 'host'>,
  opts: FormatMasvLinkOptions = {},
): string {
  const production = PRODUCTION_LINK_HOSTS.includes(link.host);
  const scheme = opts.scheme ?? (production ? 'https' : 'http');
  return `${scheme}://${link.host}/${encodeURIComponent(link.linkId)}?secret=${encodeURIComponent(link.secret)}`;
}
