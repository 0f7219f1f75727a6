// Public types of the MASV client (camelCase views of the API's objects).
import type { Dispatcher } from 'undici';
import type { RetryOptions } from './api-call';
import type { ApiLog } from './api-log';

import type { Blueprint } from './schemas';

export type { Blueprint } from './schemas';
export type { RetryOptions } from './api-call';

export type Credentials = { apiKey: string } | { userToken: string };

export interface MasvClientOptions {
  /** e.g. https://api.massive.app (no /v1). */
  baseUrl: string;
  dispatcher: Dispatcher;
  log: ApiLog;
  credentials?: Credentials;
  /** Retries for API calls (not for part PUTs, which the engine retries itself). false = none. */
  retry?: RetryOptions | false;
  now?: () => number;
  userAgent?: string;
}

export interface SpecLimits {
  maxChunkCount: number;
  maxChunkSize: number;
  minChunkSize: number;
}

export interface Team {
  id: string;
  name: string;
  subdomain?: string;
}
export interface CreatedPackage {
  id: string;
  accessToken: string;
  name?: string;
  state?: string;
  /** Packages that retried attempts had made before their answers were lost, now deleted. */
  sparesDeleted?: number;
}
export interface PackageInfo {
  id: string;
  accessToken?: string;
  name?: string;
  description?: string;
  sender?: string;
  state?: string;
  size?: number;
  totalFiles?: number;
  createdAt?: string;
  expiry?: string;
}
export interface Portal {
  id: string;
  name?: string;
  subdomain?: string;
  hasAccessCode?: boolean;
  active?: boolean;
  message?: string;
}
export interface AddFileInput {
  kind?: 'file' | 'directory';
  name: string;
  path: string;
  lastModified: Date;
  size: number;
  chunkSize?: number;
}
export interface AddedFile {
  fileId: string;
  createBlueprint?: Blueprint;
  limits: Partial<SpecLimits>;
}
export interface PartEtag {
  partNumber: number;
  etag: string;
}
export interface Link {
  id: string;
  secret?: string;
  email?: string;
  active?: boolean;
  expiry?: string;
}
export interface OpenedLink {
  linkId: string;
  packageId: string;
  packageToken: string;
  name?: string;
  size?: number;
  expiry?: string;
  senderEmail?: string;
  recipientEmail?: string;
}
export interface RemoteFile {
  id: string;
  kind: string;
  name: string;
  path: string;
  size: number;
  lastModified?: string;
}
export interface DownloadUrl {
  url: string;
  size?: number;
  name?: string;
  expiry?: string;
}
