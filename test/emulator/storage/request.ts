// Parsing a storage request line: path-style `/<bucket>/<key>` and an S3 query string, plus the
// operation it names (the route used for fault rules and the request log).
import { escapeUri } from './sigv4';
import type { Query } from './sigv4';

export type StorageRoute =
  | 'createMultipart'
  | 'uploadPart'
  | 'completeMultipart'
  | 'abortMultipart'
  | 'listParts'
  | 'putObject'
  | 'getObject'
  | 'headObject'
  | 'deleteObject'
  | 'listObjects'
  | 'headBucket'
  | 'getBucketLocation'
  | 'createBucket';

export interface Target {
  bucket: string;
  /** Decoded object key; '' for bucket-level requests. */
  key: string;
  query: Query;
  /** The path as SigV4 canonicalises it (decoded, then each segment escaped once). */
  canonicalPath: string;
}

/** Splits the query without turning '+' into a space: S3 clients escape spaces as %20. */
export function parseQuery(raw: string): Query {
  const q: Query = {};
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const i = pair.indexOf('=');
    const k = decodeURIComponent(i < 0 ? pair : pair.slice(0, i));
    const v = i < 0 ? '' : decodeURIComponent(pair.slice(i + 1));
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

/** Throws URIError on malformed escapes (answered as 400). */
export function parseTarget(url: string): Target {
  const qi = url.indexOf('?');
  const rawPath = qi < 0 ? url : url.slice(0, qi);
  const path = decodeURIComponent(rawPath);
  const query = parseQuery(qi < 0 ? '' : url.slice(qi + 1));
  const rest = path.replace(/^\/+/, '');
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  return { bucket, key, query, canonicalPath: path.split('/').map(escapeUri).join('/') };
}

export function firstParam(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

export function routeFor(
  method: string,
  t: Target,
  headers: Record<string, unknown>,
): StorageRoute | undefined {
  const has = (k: string): boolean => t.query[k] !== undefined;
  if (t.key === '') {
    if (method === 'GET')
      return has('location') ? 'getBucketLocation' : has('uploads') ? undefined : 'listObjects';
    if (method === 'HEAD') return 'headBucket';
    if (method === 'PUT' && Object.keys(t.query).length === 0) return 'createBucket';
    return undefined;
  }
  switch (method) {
    case 'POST':
      return has('uploads') ? 'createMultipart' : has('uploadId') ? 'completeMultipart' : undefined;
    case 'PUT':
      if (headers['x-amz-copy-source'] !== undefined) return undefined;
      return has('uploadId') || has('partNumber') ? 'uploadPart' : 'putObject';
    case 'GET':
      return has('uploadId') ? 'listParts' : 'getObject';
    case 'HEAD':
      return 'headObject';
    case 'DELETE':
      return has('uploadId') ? 'abortMultipart' : 'deleteObject';
    default:
      return undefined;
  }
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range. Anything else (multiple ranges, other
 * units, bad syntax) is ignored and the whole object is sent, as S3 does.
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}
