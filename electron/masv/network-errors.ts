// Socket, DNS, TLS and timeout failures in user words: which server (its origin only, never a
// path or query, which may hold signatures) and what went wrong, so "check the address", "is it
// running?" and "is the network up?" are told apart. Codes stay 'network' and 'timeout' (scripts
// and exit codes rely on them); the message carries the cause.
import type { MasvError } from './errors';
import { abortedError, isMasvError, masvError } from './errors';

const CONNECT_TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN']);
const CUT = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** Turns undici/socket failures into user-worded errors; MasvErrors pass through untouched. */
export function mapNetworkError(e: unknown, signal?: AbortSignal, url?: string): MasvError {
  if (isMasvError(e)) return e;
  if (signal?.aborted) return abortedError();
  const code = errorCode(e);
  if (code === 'UND_ERR_ABORTED' || (e instanceof Error && e.name === 'AbortError'))
    return abortedError();
  const detail = `${code ?? 'error'}: ${e instanceof Error ? e.message : String(e)}`;
  const where = originOf(url);
  const host = hostOf(url);
  const network = (message: string, retryable = true): MasvError =>
    masvError('network', { message, detail, retryable, cause: e });
  const timeout = (message: string): MasvError =>
    masvError('timeout', { message, detail, cause: e });

  if (code === undefined) return network(`could not reach ${where} (network problem)`);
  if (CONNECT_TIMEOUT.has(code))
    return timeout(`could not connect to ${where}: the connection timed out`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return timeout(`${where} did not answer in time`);
  if (code === 'UND_ERR_BODY_TIMEOUT') return timeout(`${where} stopped sending data (timed out)`);
  if (code === 'ECONNREFUSED')
    return network(
      `could not connect to ${where}: the connection was refused (is the server running, and is the address right?)`,
    );
  if (code === 'ENOTFOUND')
    return network(
      `could not connect to ${where}: the host name ${host} was not found (DNS; check the address or the network)`,
    );
  if (code === 'EAI_AGAIN')
    return network(
      `could not connect to ${where}: looking up ${host} failed for now (DNS; check the network)`,
    );
  if (UNREACHABLE.has(code))
    return network(`could not connect to ${where}: the network or the host is unreachable`);
  if (CUT.has(code)) return network(`the connection to ${where} was cut (${code})`);
  const tls = tlsMessage(code);
  if (tls !== undefined) return network(`could not connect securely to ${where}: ${tls}`, false);
  return network(`could not reach ${where} (network problem: ${code})`);
}

/** OpenSSL's answers when the server only speaks TLS older than 1.2 (the minimum we accept). */
const TLS_TOO_OLD = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_VERSION_TOO_LOW',
]);

function tlsMessage(code: string): string | undefined {
  if (TLS_TOO_OLD.has(code))
    return 'the server does not offer TLS 1.2 or later (older versions are refused)';
  if (UNTRUSTED.has(code))
    return "the server's certificate is not trusted (self-signed or from an unknown authority)";
  if (code === 'CERT_HAS_EXPIRED') return "the server's certificate has expired";
  if (code === 'CERT_NOT_YET_VALID') return "the server's certificate is not valid yet";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return "the server's certificate is for another host name";
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))
    return `the secure connection failed (${code})`;
  return undefined;
}

/** `https://host:port` only: paths and queries of signed URLs carry secrets. */
function originOf(url: string | undefined): string {
  if (url === undefined) return 'MASV';
  try {
    return new URL(url).origin;
  } catch {
    return 'MASV';
  }
}

function hostOf(url: string | undefined): string {
  if (url === undefined) return 'the server';
  try {
    return new URL(url).hostname;
  } catch {
    return 'the server';
  }
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  // undici wraps socket errors; the useful code may sit one or two levels down.
  for (let i = 0; i < 3 && typeof cur === 'object' && cur !== null; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
