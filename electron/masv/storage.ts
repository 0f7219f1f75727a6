// The byte plane: executing MASV's pre-signed blueprints against S3-style storage.
// A storage 403 means the signed URL expired (or was refused) and maps to 'url-expired', which
// the retry policy answers with a fresh URL rather than giving up.
import type { Readable } from 'node:stream';
import { masvError } from './errors';
import type { MasvError } from './errors';
import { headerValue, mapNetworkError, parseRetryAfter, sendRequest } from './http';
import type { HttpContext, HttpResponse } from './http';
import type { Blueprint } from './schemas';

export interface RangeResult {
  status: 200 | 206;
  body: HttpResponse['body'];
  /** Raw Content-Range header of a 206. */
  contentRange?: string;
  etag?: string;
  /** Whole object size when the answer tells it (Content-Range total, or length of a 200). */
  size?: number;
  /** Bytes in this response body. */
  length?: number;
}

export class StorageClient {
  constructor(private readonly ctx: HttpContext) {}

  /** Executes a create blueprint (S3 CreateMultipartUpload) and returns the UploadId. */
  async createMultipart(bp: Blueprint, signal?: AbortSignal, retries = 0): Promise<string> {
    const res = await sendRequest(this.ctx, {
      plane: 'storage',
      method: bp.method || 'POST',
      url: bp.url,
      headers: { ...bp.headers },
      ...(bp.body ? { body: bp.body } : {}),
      ...(signal ? { signal } : {}),
      retries,
    });
    const text = await readText(res, bp.url, signal);
    if (res.status < 200 || res.status >= 300) throw storageError(res, text, 'create upload');
    // Namespace-tolerant: S3 may prefix elements, clients conventionally regex the tag.
    const m = /<(?:\w+:)?UploadId>([^<]+)<\/(?:\w+:)?UploadId>/.exec(text);
    if (!m?.[1])
      throw masvError('invalid-response', {
        detail: 'create upload: no UploadId in storage answer',
      });
    return m[1].trim();
  }

  /** PUTs one part; resolves to the ETag exactly as storage returned it (quotes kept). */
  async putPart(
    bp: Blueprint,
    body: Readable,
    length: number,
    signal?: AbortSignal,
    retries = 0,
  ): Promise<string> {
    const res = await sendRequest(this.ctx, {
      plane: 'storage',
      method: bp.method || 'PUT',
      url: bp.url,
      headers: { ...bp.headers, 'content-length': String(length) },
      body,
      ...(signal ? { signal } : {}),
      retries,
    });
    const text = await readText(res, bp.url, signal);
    if (res.status < 200 || res.status >= 300) throw storageError(res, text, 'upload part');
    const etag = headerValue(res.headers, 'etag');
    if (!etag)
      throw masvError('invalid-response', {
        detail: 'upload part: storage sent no ETag',
        retryable: true,
      });
    return etag;
  }

  /** GET with an optional byte range (end inclusive). The caller must consume or dump body. */
  async getObjectRange(
    url: string,
    range: { start: number; end?: number },
    signal?: AbortSignal,
    retries = 0,
  ): Promise<RangeResult> {
    const headers: Record<string, string> = {};
    if (range.start > 0 || range.end !== undefined)
      headers.range = `bytes=${range.start}-${range.end ?? ''}`;
    const res = await sendRequest(this.ctx, {
      plane: 'storage',
      method: 'GET',
      url,
      headers,
      ...(signal ? { signal } : {}),
      retries,
    });
    if (res.status !== 200 && res.status !== 206) {
      const text = await readText(res, url, signal);
      throw storageError(res, text, 'download');
    }
    const contentRange = headerValue(res.headers, 'content-range');
    const lenHeader = headerValue(res.headers, 'content-length');
    const length = lenHeader === undefined ? undefined : Number(lenHeader);
    let size: number | undefined;
    if (res.status === 206 && contentRange) {
      const total = /\/(\d+)\s*$/.exec(contentRange)?.[1];
      if (total !== undefined) size = Number(total);
    } else if (res.status === 200 && length !== undefined) size = length;
    const etag = headerValue(res.headers, 'etag');
    return {
      status: res.status,
      body: res.body,
      ...(contentRange ? { contentRange } : {}),
      ...(etag ? { etag } : {}),
      ...(size !== undefined && Number.isFinite(size) ? { size } : {}),
      ...(length !== undefined && Number.isFinite(length) ? { length } : {}),
    };
  }
}

async function readText(res: HttpResponse, url: string, signal?: AbortSignal): Promise<string> {
  try {
    return await res.body.text();
  } catch (e) {
    throw mapNetworkError(e, signal, url);
  }
}

function storageError(res: HttpResponse, text: string, what: string): MasvError {
  const s3Code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  const detail = `storage ${what} -> ${res.status}${s3Code ? ` ${s3Code}` : ''}`;
  const retryAfterMs = parseRetryAfter(headerValue(res.headers, 'retry-after'));
  const extra = {
    status: res.status,
    detail,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  if (res.status === 403) return masvError('url-expired', extra);
  if (res.status === 429 || (res.status === 503 && s3Code === 'SlowDown'))
    return masvError('rate-limited', extra);
  if (res.status >= 500) return masvError('server-error', extra);
  if (res.status === 400 && s3Code === 'RequestTimeout') return masvError('timeout', extra);
  if (res.status === 404)
    return masvError('not-found', {
      ...extra,
      message: 'the upload or file no longer exists in storage',
    });
  if (res.status === 416)
    return masvError('bad-request', {
      ...extra,
      message: 'the requested byte range is not available',
    });
  return masvError('bad-request', {
    ...extra,
    message: `storage refused the ${what}`,
    retryable: false,
  });
}
