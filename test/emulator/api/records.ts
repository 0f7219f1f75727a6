// The records the control plane keeps. Plain JSON (ISO date strings) so they persist as-is.
import type { DemoAccount } from '../types';

export interface TeamRecord {
  id: string;
  name: string;
  subdomain: string;
  created_at: string;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  /** Salted hash (secrets.ts), never the password. */
  passwordHash: string;
  teamIds: string[];
  time_zone: string;
  created_at: string;
}

export interface ApiKeyRecord {
  id: string;
  teamId: string;
  userId: string;
  name: string;
  description: string;
  /** ZERO_TIME = never expires. */
  expiry: string;
  state: 'active' | 'inactive';
  /** SHA-256 of the key: the key itself is shown once, at creation. */
  keyHash: string;
  created_at: string;
}

export interface PortalRecord {
  id: string;
  teamId: string;
  name: string;
  subdomain: string;
  message: string;
  active: boolean;
  /** '' = none. Kept readable: the portal's owner may look it up (not exposed publicly). */
  accessCode: string;
  created_at: string;
}

export type ZipKind = 'zip_windows' | 'zip_mac';
export const ZIP_KINDS: readonly ZipKind[] = ['zip_windows', 'zip_mac'];

export interface PackageRecord {
  id: string;
  teamId: string;
  portalId?: string;
  name: string;
  description: string;
  sender: string;
  recipients: string[];
  /** Download password links inherit when they set none ('' = none). */
  passwordHash: string;
  /** Default access limit for links (null = unlimited). */
  access_limit: number | null;
  state: 'new' | 'finalized';
  created_at: string;
  updated_at: string;
  finalized_at?: string;
  expiry: string;
  /** Stable ids of the virtual whole-package zips. */
  zipIds: Record<ZipKind, string>;
  /** Zips already built into storage (built lazily at first download). */
  zips: Partial<Record<ZipKind, { key: string; size: number }>>;
}

export interface FileRecord {
  id: string;
  packageId: string;
  kind: 'file' | 'directory';
  name: string;
  path: string;
  size: number;
  last_modified: string;
  chunk_size?: number;
  state: 'new' | 'finalized';
  /** Object key in storage (files only). */
  key?: string;
  /** The multipart upload the client last used for chunk URLs or finalize. */
  uploadId?: string;
  /** Parts of the completed upload, ETags unquoted, to recognise an identical repeat. */
  parts?: { n: number; etag: string }[];
  etag?: string;
  created_at: string;
}

export interface LinkRecord {
  id: string;
  packageId: string;
  secret: string;
  email: string;
  passwordHash: string;
  active: boolean;
  access_limit: number;
  access_limit_enabled: boolean;
  /** Emulator counter: successful link opens (GET /v1/links/{id}). */
  access_count: number;
  accessed_at: string;
  expiry: string;
  created_at: string;
}

/** What is persisted of the demo account; the team name and the link URL are derived at start. */
export type DemoSeed = Omit<DemoAccount, 'teamName' | 'linkUrl'> & { userId: string };

/** Per-data-folder secrets, generated once. */
export interface MetaRecord {
  id: 'emulator';
  tokenSecret: string;
  s3: { accessKeyId: string; secretAccessKey: string; region: string };
  demo?: DemoSeed;
}

export interface Collections {
  teams: TeamRecord;
  users: UserRecord;
  apiKeys: ApiKeyRecord;
  portals: PortalRecord;
  packages: PackageRecord;
  files: FileRecord;
  links: LinkRecord;
  meta: MetaRecord;
}

export type CollectionName = keyof Collections;
export const COLLECTION_NAMES: readonly CollectionName[] = [
  'teams',
  'users',
  'apiKeys',
  'portals',
  'packages',
  'files',
  'links',
  'meta',
];
