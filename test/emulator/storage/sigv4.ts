// AWS Signature V4 verification for the storage plane: pre-signed query auth (the URLs the API
// hands out) and Authorization-header auth (standard S3 clients). Signatures are recomputed with
// @smithy/signature-v4 for exactly what the client says it signed, then compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import type { S3Credentials } from '../types';
import { ALGORITHM, parseAmzDate, UNSIGNED_PAYLOAD } from './sigv4-presign';
import type { Query } from './sigv4-presign';

export {
  canonicalPath,
  canonicalQuery,
  escapeUri,
  presignQuery,
  UNSIGNED_PAYLOAD,
} from './sigv4-presign';
export type { Query } from './sigv4-presign';

/** What the verifier needs to know about a received request. */
export interface ReceivedRequest {
  method: string;
  /** Canonical path (see canonicalPath). */
  path: string;
  /** Decoded query parameters as received. */
  query: Query;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
}

export type AuthResult =
  | { ok: true; kind: 'presigned' | 'header'; credentials: S3Credentials; payloadHash: string }
  | { ok: false; status: number; code: string; message: string };

const deny = (code: string, message: string, status = 403): AuthResult => ({
  ok: false,
  status,
  code,
  message,
});

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(',') : h;
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks SigV4 auth (pre-signed query or Authorization header) against the known credentials. */
export class SigV4Verifier {
  private readonly signers = new Map<string, SignatureV4>();
  private readonly byKey: Map<string, S3Credentials>;

  constructor(
    credentials: readonly S3Credentials[],
    private readonly now: () => number = Date.now,
  ) {
    this.byKey = new Map(credentials.map((c) => [c.accessKeyId, c]));
  }

  private signer(creds: S3Credentials): SignatureV4 {
    let s = this.signers.get(creds.accessKeyId);
    if (!s) {
      s = new SignatureV4({
        credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
        region: creds.region,
        service: 's3',
        sha256: Hash.bind(null, 'sha256'),
        // S3 signs the path as sent (escaped once), never normalised or double-escaped.
        uriEscapePath: false,
        applyChecksum: false,
      });
      this.signers.set(creds.accessKeyId, s);
    }
    return s;
  }

  /** Parses `AKID/date/region/s3/aws4_request`. */
  private scope(credential: string): { creds: S3Credentials; region: string } | AuthResult {
    const [akid, , region, service, term] = credential.split('/');
    const creds = akid ? this.byKey.get(akid) : undefined;
    if (!creds)
      return deny(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    if (!region || service !== 's3' || term !== 'aws4_request') {
      return deny('AuthorizationQueryParametersError', 'Malformed credential scope.', 400);
    }
    return { creds, region };
  }

  private signedHeaders(req: ReceivedRequest, names: string[]): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    for (const name of names) {
      const v = headerValue(req.headers[name]);
      if (v === undefined) return undefined;
      out[name] = v;
    }
    return out;
  }

  async verify(req: ReceivedRequest): Promise<AuthResult> {
    const q = (k: string): string | undefined => {
      const v = req.query[k];
      return Array.isArray(v) ? v[0] : v;
    };
    if (q('X-Amz-Signature') !== undefined) return this.verifyPresigned(req, q);
    const auth = headerValue(req.headers.authorization);
    if (auth) return this.verifyHeader(req, auth);
    return deny('AccessDenied', 'Access Denied');
  }

  private async verifyPresigned(
    req: ReceivedRequest,
    q: (k: string) => string | undefined,
  ): Promise<AuthResult> {
    const signature = q('X-Amz-Signature') ?? '';
    const date = parseAmzDate(q('X-Amz-Date') ?? '');
    const expires = Number(q('X-Amz-Expires'));
    const credential = q('X-Amz-Credential');
    const signed = (q('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
    if (
      q('X-Amz-Algorithm') !== ALGORITHM ||
      !date ||
      !credential ||
      !Number.isInteger(expires) ||
      expires < 0
    ) {
      return deny(
        'AuthorizationQueryParametersError',
        'Missing or malformed X-Amz-* query parameters.',
        400,
      );
    }
    const scope = this.scope(credential);
    if ('ok' in scope) return scope;
    const headers = this.signedHeaders(req, signed);
    if (!headers)
      return deny('SignatureDoesNotMatch', 'A signed header is missing from the request.');
    const query: Query = {};
    for (const [k, v] of Object.entries(req.query)) {
      if (!/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature)$/.test(k))
        query[k] = v;
    }
    const signedSet = new Set(signed);
    headers['x-amz-content-sha256'] ??= UNSIGNED_PAYLOAD;
    const out = await this.signer(scope.creds).presign(
      {
        method: req.method,
        protocol: 'http:',
        hostname: headers.host ?? '',
        path: req.path,
        query,
        headers,
      },
      {
        signingDate: date,
        expiresIn: expires,
        signingRegion: scope.region,
        signableHeaders: signedSet,
        unsignableHeaders: signedSet.has('x-amz-content-sha256')
          ? undefined
          : new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set([...signedSet, 'x-amz-content-sha256']),
      },
    );
    const expected = out.query?.['X-Amz-Signature'];
    if (typeof expected !== 'string' || !safeEqualHex(expected, signature)) {
      return deny(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    // Checked after the signature so a tampered X-Amz-Expires cannot turn into "expired".
    if (this.now() > date.getTime() + expires * 1000)
      return deny('AccessDenied', 'Request has expired');
    return { ok: true, kind: 'presigned', credentials: scope.creds, payloadHash: UNSIGNED_PAYLOAD };
  }

  private async verifyHeader(req: ReceivedRequest, auth: string): Promise<AuthResult> {
    const m =
      /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(
        auth,
      );
    if (!m)
      return deny('AuthorizationHeaderMalformed', 'The authorization header is malformed.', 400);
    const [, credential = '', signedList = '', signature = ''] = m;
    const scope = this.scope(credential);
    if ('ok' in scope) return scope;
    const date = parseAmzDate(headerValue(req.headers['x-amz-date']) ?? '');
    if (!date)
      return deny('AccessDenied', 'AWS authentication requires a valid X-Amz-Date header.');
    const signed = signedList.split(';');
    const headers = this.signedHeaders(req, signed);
    if (!headers)
      return deny('SignatureDoesNotMatch', 'A signed header is missing from the request.');
    const payloadHash = headerValue(req.headers['x-amz-content-sha256']) ?? UNSIGNED_PAYLOAD;
    headers['x-amz-content-sha256'] = payloadHash;
    const signedSet = new Set(signed);
    const out = await this.signer(scope.creds).sign(
      {
        method: req.method,
        protocol: 'http:',
        hostname: headers.host ?? '',
        path: req.path,
        query: req.query,
        headers,
      },
      {
        signingDate: date,
        signingRegion: scope.region,
        signableHeaders: signedSet,
        unsignableHeaders: signedSet.has('x-amz-content-sha256')
          ? undefined
          : new Set(['x-amz-content-sha256']),
      },
    );
    const expected = /Signature=([0-9a-f]+)/.exec(String(out.headers.authorization))?.[1] ?? '';
    if (!safeEqualHex(expected, signature)) {
      return deny(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    // S3 refuses requests signed more than 15 minutes away from its clock.
    if (Math.abs(this.now() - date.getTime()) > 15 * 60_000) {
      return deny(
        'RequestTimeTooSkewed',
        'The difference between the request time and the server time is too large.',
      );
    }
    return { ok: true, kind: 'header', credentials: scope.creds, payloadHash };
  }
}
