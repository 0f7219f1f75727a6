// The shared core of MasvClient: credentials, the secret registry that keeps logs clean, and
// the JSON call helper. Endpoint groups extend it (client-upload.ts, client.ts).
import type { z } from 'zod';
import { checkApiUrl } from '../../shared/api-url';
import { apiCall } from './api-call';
import type { ApiCall, ApiCaller } from './api-call';
import { masvError } from './errors';
import type * as S from './schemas';
import { strip } from './mappers';
import { StorageClient } from './storage';
import type { CreatedPackage, Credentials, MasvClientOptions } from './types';

export class ClientCore {
  readonly storage: StorageClient;
  protected readonly caller: ApiCaller;
  protected credentials: Credentials | undefined;

  constructor(opts: MasvClientOptions) {
    // Credentials go in headers: never to another host over plain http (shared/api-url.ts).
    const checked = checkApiUrl(opts.baseUrl);
    if (!checked.ok)
      throw masvError('invalid-input', { message: checked.message, retryable: false });
    this.caller = {
      baseUrl: opts.baseUrl,
      dispatcher: opts.dispatcher,
      log: opts.log,
      retry: opts.retry ?? false,
      userAgent: opts.userAgent ?? 'masv-desktop/0.1',
      ...(opts.now ? { now: opts.now } : {}),
    };
    this.storage = new StorageClient(this.caller);
    this.credentials = opts.credentials;
    this.noteSecret(opts.credentials);
  }

  setCredentials(credentials: Credentials | undefined): void {
    this.credentials = credentials;
    this.noteSecret(credentials);
  }

  /** Registers a value the logs must never show (tokens arriving in responses, passwords). */
  noteSecret(value: string | Credentials | undefined): void {
    if (value === undefined) return;
    if (typeof value === 'string') this.caller.log.secrets.add(value);
    else this.caller.log.secrets.add('apiKey' in value ? value.apiKey : value.userToken);
  }

  protected userHeaders(): Record<string, string> {
    const c = this.credentials;
    if (!c)
      throw masvError('auth-rejected', {
        message: 'no API key is set (sign in first)',
        retryable: false,
      });
    return 'apiKey' in c ? { 'x-api-key': c.apiKey } : { 'x-user-token': c.userToken };
  }

  protected call<T extends z.ZodType>(c: ApiCall<T>): Promise<z.infer<T>> {
    return apiCall(this.caller, c);
  }

  protected created(r: S.PackageWire): CreatedPackage {
    if (!r.access_token)
      throw masvError('invalid-response', { detail: 'package created without access_token' });
    this.noteSecret(r.access_token);
    return strip({ id: r.id, accessToken: r.access_token, name: r.name, state: r.state });
  }
}
