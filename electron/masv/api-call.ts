// One JSON call to the MASV API: headers, body, optional retries, response validation and the
// mapping of HTTP statuses to user-worded errors (which depend on what was being done).
import type { z } from 'zod';
import { runWithRetry } from './retry-policy';
import type { RetryInfo, RetryOptions } from './retry-policy';
import { masvError } from './errors';
import type { MasvErrorCode, MasvError } from './errors';
import { headerValue, mapNetworkError, parseRetryAfter, sendRequest } from './http';
import type { HttpContext } from './http';
import { ErrorBodySchema } from './schemas';

/** What the call was about, so a 401 can say "access code" rather than "API key". */
export type ErrorContext = 'user' | 'package' | 'portal' | 'link' | 'public';

export type { RetryOptions } from './retry-policy';

export interface ApiCall<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  schema: S | null;
  context: ErrorContext;
  /** Whether the caller supplied the thing a 401 would complain about (password, access code). */
  suppliedSecret?: boolean;
  signal?: AbortSignal;
  /** Told about each failed attempt that will be retried (see create-package's spare sweep). */
  onRetry?: (info: RetryInfo) => void;
}

export interface ApiCaller extends HttpContext {
  baseUrl: string;
  retry: RetryOptions | false;
  userAgent: string;
}

export async function apiCall<S extends z.ZodType>(
  c: ApiCaller,
  call: ApiCall<S>,
): Promise<z.infer<S>> {
  const url = new URL(
    call.path.replace(/^\//, ''),
    c.baseUrl.endsWith('/') ? c.baseUrl : `${c.baseUrl}/`,
  );
  for (const [k, v] of Object.entries(call.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': c.userAgent,
    ...call.headers,
  };
  let body: string | undefined;
  if (call.body !== undefined) body = JSON.stringify(call.body);
  // The guide sends the JSON type on every POST/PUT, body or not (finalize included), and
  // MASV documents it as required: a strict server may refuse a call without it.
  if (body !== undefined || call.method === 'POST' || call.method === 'PUT')
    headers['content-type'] = 'application/json';
  const once = async (attempt: number): Promise<z.infer<S>> => {
    const res = await sendRequest(c, {
      plane: 'api',
      method: call.method,
      url: url.toString(),
      headers,
      ...(body === undefined ? {} : { body }),
      ...(call.signal ? { signal: call.signal } : {}),
      retries: attempt - 1,
    });
    let text: string;
    try {
      text = await res.body.text();
    } catch (e) {
      throw mapNetworkError(e, call.signal, url.toString());
    }
    if (res.status < 200 || res.status >= 300) {
      throw statusError(
        res.status,
        text,
        call,
        parseRetryAfter(headerValue(res.headers, 'retry-after'), Date.now()),
        c,
      );
    }
    if (call.schema === null) return undefined as z.infer<S>;
    let json: unknown;
    try {
      json = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw masvError('invalid-response', {
        detail: `${call.method} ${call.path}: not JSON (${res.status})`,
      });
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      throw masvError('invalid-response', {
        detail: `${call.method} ${call.path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      });
    }
    return parsed.data;
  };
  if (!c.retry) return once(1);
  return runWithRetry(once, {
    ...c.retry,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.onRetry ? { onRetry: call.onRetry } : {}),
  });
}

function serverMessage(text: string): string | undefined {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.message ?? parsed.data.error ?? undefined;
  } catch {
    // Not JSON: fall through to the raw text (trimmed) below.
  }
  const t = text.trim();
  // An HTML error page (a proxy or load balancer answering for the API) holds no words for a
  // user; the status says what happened.
  if (t.startsWith('<')) return undefined;
  return t.length > 0 && t.length < 300 ? t : undefined;
}

function statusError(
  status: number,
  text: string,
  call: ApiCall<z.ZodType>,
  retryAfterMs: number | undefined,
  c: ApiCaller,
): MasvError {
  const said = serverMessage(text);
  const safeSaid = said === undefined ? undefined : c.log.secrets.scrub(said);
  const detail = `${call.method} ${call.path} -> ${status}${safeSaid ? `: ${safeSaid}` : ''}`;
  const make = (
    code: MasvErrorCode,
    message?: string,
    extra: { retryable?: boolean } = {},
  ): MasvError =>
    masvError(code, {
      status,
      detail,
      ...(message === undefined ? {} : { message }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...extra,
    });
  const lower = (said ?? '').toLowerCase();
  if (status === 401) {
    switch (call.context) {
      case 'link':
        if (lower.includes('password') || call.suppliedSecret !== undefined) {
          return make(call.suppliedSecret ? 'password-invalid' : 'password-required');
        }
        return make('link-unavailable');
      case 'portal':
        return make(call.suppliedSecret ? 'access-code-invalid' : 'access-code-required');
      case 'package':
        return make(
          'auth-rejected',
          'access to the package was rejected (its token may have expired)',
        );
      case 'user':
      case 'public':
        return make('auth-rejected');
    }
  }
  if (status === 403) {
    if (call.context === 'link') return make('link-unavailable');
    if (call.context === 'portal') return make('portal-inactive');
    return make('forbidden');
  }
  if (status === 404) {
    if (call.context === 'link')
      return make('link-unavailable', 'this link does not exist (check the address)');
    if (call.context === 'portal') return make('portal-not-found');
    return make('not-found');
  }
  if (status === 410) return make(call.context === 'link' ? 'link-unavailable' : 'not-found');
  if (status === 409) return make('conflict', safeSaid ? `MASV refused: ${safeSaid}` : undefined);
  if (status === 429) return make('rate-limited');
  if (status >= 500) return make('server-error');
  return make('bad-request', safeSaid ? `MASV rejected the request: ${safeSaid}` : undefined, {
    retryable: false,
  });
}
