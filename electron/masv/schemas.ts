// zod schemas for MASV responses. Tolerant on purpose: only fields the app relies on are
// required, unknown fields are ignored, and the UNCONFIRMED alternatives (masv-api.md) are
// accepted (max_chunk_count vs max_chunks_count, camelCase createBlueprint, 200 vs 201 …).
import { z } from 'zod';

const optStr = z.string().nullish();
const optNum = z.number().nullish();

export const BlueprintSchema = z.object({
  method: z.string().default('PUT'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).nullish(),
  body: z.string().nullish(),
});
export type BlueprintWire = z.infer<typeof BlueprintSchema>;

/** A ready-made storage request handed out by MASV (masv-api.md §2). */
export interface Blueprint {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function toBlueprint(b: BlueprintWire): Blueprint {
  return {
    method: b.method.toUpperCase(),
    url: b.url,
    headers: b.headers ?? {},
    ...(b.body ? { body: b.body } : {}),
  };
}

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string().default(''),
  subdomain: optStr,
});
export const TeamListSchema = z.union([
  z.array(TeamSchema),
  z.object({ teams: z.array(TeamSchema) }).transform((o) => o.teams),
  z.object({ records: z.array(TeamSchema) }).transform((o) => o.records),
]);

export const AuthSchema = z.object({
  token: z.string(),
  teams: z.array(TeamSchema).default([]),
  user: z.object({ id: z.string(), email: z.string(), name: optStr }).nullish(),
});

export const LimitsSchema = z.object({
  max_chunk_count: optNum,
  max_chunks_count: optNum,
  max_chunk_size: optNum,
  min_chunk_size: optNum,
});

export const PackageSchema = z.object({
  id: z.string(),
  access_token: optStr,
  name: optStr,
  description: optStr,
  sender: optStr,
  state: optStr,
  size: optNum,
  total_files: optNum,
  created_at: optStr,
  expiry: optStr,
  portal_id: optStr,
});
export type PackageWire = z.infer<typeof PackageSchema>;

export const PackageListSchema = z.union([
  z.object({
    metadata: z.object({ total: z.number() }).nullish(),
    records: z.array(PackageSchema),
  }),
  z.array(PackageSchema).transform((records) => ({ metadata: { total: records.length }, records })),
]);

export const PortalSchema = z.object({
  id: z.string(),
  name: optStr,
  subdomain: optStr,
  message: optStr,
  active: z.boolean().nullish(),
  has_access_code: z.boolean().nullish(),
});

export const FileWireSchema = z.object({
  id: z.string(),
  kind: z.string().default('file'),
  name: z.string().default(''),
  path: z.string().nullish(),
  size: z.number().default(0),
  last_modified: optStr,
  virus_detected: z.boolean().nullish(),
});

export const AddFileSchema = LimitsSchema.extend({
  file: FileWireSchema,
  create_blueprint: BlueprintSchema.nullish(),
  createBlueprint: BlueprintSchema.nullish(),
});

export const PartUrlsSchema = z.union([
  z.array(BlueprintSchema),
  z.object({ blueprints: z.array(BlueprintSchema) }).transform((o) => o.blueprints),
]);

export const LinkSchema = z.object({
  id: z.string(),
  download_secret: optStr,
  email: optStr,
  active: z.boolean().nullish(),
  expiry: optStr,
  access_limit: optNum,
});

export const OpenLinkSchema = z.object({
  id: optStr,
  package_id: z.string(),
  package_token: z.string(),
  name: optStr,
  package_size: optNum,
  expiry: optStr,
  sender_email: optStr,
  recipient_email: optStr,
});

export const FileListSchema = z.union([
  z.array(FileWireSchema),
  z.object({ files: z.array(FileWireSchema) }).transform((o) => o.files),
  z.object({ records: z.array(FileWireSchema) }).transform((o) => o.records),
]);

export const DownloadUrlSchema = z.object({
  url: z.string().min(1),
  size: optNum,
  name: optStr,
  expiry: optStr,
});

export const ErrorBodySchema = z.object({
  code: z.union([z.number(), z.string()]).nullish(),
  message: optStr,
  error: optStr,
});
