// AWS Signature V4 pre-signing for the storage plane. Synchronous on purpose: the StorageBackend
// contract hands out blueprints synchronously and @smithy/signature-v4 is promise-based, so URLs
// are built here with node:crypto in the same canonical form. Every received request is checked
// by recomputing its signature with @smithy/signature-v4 itself (sigv4.ts), which keeps the two
// honest; a test also compares them byte for byte.
import { createHash, createHmac } from 'node:crypto';
import type { S3Credentials } from '../types';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** RFC 3986 escaping as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** S3's canonical object path: each segment escaped once, slashes kept. */
export function canonicalPath(bucket: string, key: string): string {
  return `/${escapeUri(bucket)}/${key.split('/').map(escapeUri).join('/')}`;
}

export type Query = Record<string, string | string[]>;

export function canonicalQuery(query: Query): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    for (const value of Array.isArray(v) ? v : [v])
      parts.push(`${escapeUri(k)}=${escapeUri(value)}`);
  }
  return parts.sort().join('&');
}

export function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

// The derived key only changes daily; the API may presign 10 000 part URLs in one call.
let keyCache: { id: string; key: Buffer } | undefined;

function signingKey(creds: S3Credentials, shortDate: string): Buffer {
  const id = `${creds.accessKeyId}\n${creds.secretAccessKey}\n${creds.region}\n${shortDate}`;
  if (keyCache?.id === id) return keyCache.key;
  let key = hmac(`AWS4${creds.secretAccessKey}`, shortDate);
  for (const part of [creds.region, 's3', 'aws4_request']) key = hmac(key, part);
  keyCache = { id, key };
  return key;
}

export interface PresignInput {
  method: string;
  /** Host header value the client will send (host[:port]). */
  host: string;
  path: string;
  query: Query;
  expiresIn: number;
  date?: Date;
}

/** Returns the full query string (including X-Amz-Signature) of a pre-signed request. */
export function presignQuery(creds: S3Credentials, input: PresignInput): string {
  const date = input.date ?? new Date();
  const longDate = amzDate(date);
  const scope = `${longDate.slice(0, 8)}/${creds.region}/s3/aws4_request`;
  const query: Query = {
    ...input.query,
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': `${creds.accessKeyId}/${scope}`,
    'X-Amz-Date': longDate,
    'X-Amz-Expires': String(input.expiresIn),
    'X-Amz-SignedHeaders': 'host',
  };
  const cq = canonicalQuery(query);
  const canonical = [
    input.method,
    input.path,
    cq,
    `host:${input.host}`,
    '',
    'host',
    UNSIGNED_PAYLOAD,
  ].join('\n');
  const toSign = [
    ALGORITHM,
    longDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const key = signingKey(creds, longDate.slice(0, 8));
  return `${cq}&X-Amz-Signature=${hmac(key, toSign).toString('hex')}`;
}
