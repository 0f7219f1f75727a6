// zod schemas of every request body. Unknown fields are ignored (clients send extras, e.g.
// `chunk_size`); wrong types and missing required fields become 400 with the field named.
import { z } from 'zod';
import { badRequest } from './errors';
import type { ApiRequest } from './router';

const size = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date');

export const AuthBody = z.object({ email: z.string(), password: z.string() });

export const ApiKeyCreateBody = z.object({
  name: z.string().default(''),
  description: z.string().default(''),
  expiry: isoDate.optional(),
  state: z.enum(['active', 'inactive']),
});
export const ApiKeyUpdateBody = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  expiry: isoDate.optional(),
  state: z.enum(['active', 'inactive']).optional(),
});

export const TeamPackageBody = z.object({
  name: z.string().default(''),
  description: z.string().default(''),
  recipients: z.array(z.string()).default([]),
  password: z.string().default(''),
  access_limit: z.number().int().nonnegative().optional(),
});

export const PortalPackageBody = z.object({
  name: z.string().default(''),
  description: z.string().default(''),
  sender: z.string().min(1, 'sender is required'),
  access_code: z.string().optional(),
});

export const PortalUpdateBody = z.object({
  name: z.string().optional(),
  message: z.string().optional(),
  active: z.boolean().optional(),
  access_code: z.string().optional(),
});

export const AddFileBody = z.object({
  kind: z.enum(['file', 'directory']).default('file'),
  name: z.string(),
  path: z.string().default(''),
  last_modified: isoDate.optional(),
  size: size.optional(),
  chunk_size: z.number().int().positive().optional(),
});

export const ChunkUrlsBody = z.object({ upload_id: z.string().min(1, 'upload_id is required') });

const partNumber = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\s*\d+\s*$/, 'must be a decimal number')
    .transform((s) => Number(s.trim())),
]);

export const ChunkExtra = z
  .object({
    partNumber: partNumber.optional(),
    part_number: partNumber.optional(),
    etag: z.string().nullable(),
  })
  .transform((c, ctx) => {
    const n = c.partNumber ?? c.part_number;
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: 'partNumber is required' });
      return z.NEVER;
    }
    return { partNumber: n, etag: c.etag };
  });

export const FinalizeFileBody = z.object({
  chunk_extras: z.array(ChunkExtra),
  file_extras: z.object({ upload_id: z.string().min(1, 'upload_id is required') }),
  size,
  chunk_size: z.number().int().positive().optional(),
});

export const FinalizePackageBody = z.object({ size: size.optional() });

export const CreateLinkBody = z.object({
  email: z.string({ error: 'email is required ("" for a direct link)' }),
  password: z.string().default(''),
  access_limit: z.number().int().nonnegative().optional(),
  expiry: isoDate.optional(),
});

/**
 * Parses a JSON body with a schema. `optional` bodies treat "nothing sent" as `{}` (clients POST
 * finalize with no body and no Content-Type).
 */
export function parseBody<T extends z.ZodType>(
  req: ApiRequest,
  schema: T,
  opts: { optional?: boolean } = {},
): z.output<T> {
  let value: unknown;
  const text = req.body.toString('utf8');
  if (text.trim() === '') {
    if (!opts.optional) throw badRequest('request body is required');
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw badRequest('malformed JSON body');
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw badRequest(`invalid request body: ${where}${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** A non-negative integer query parameter. */
export function queryInt(req: ApiRequest, name: string, fallback?: number): number {
  const raw = req.url.searchParams.get(name);
  if (raw === null || raw === '') {
    if (fallback === undefined) throw badRequest(`query parameter ${name} is required`);
    return fallback;
  }
  if (!/^\d+$/.test(raw))
    throw badRequest(`query parameter ${name} must be a non-negative integer`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw badRequest(`query parameter ${name} is too large`);
  return n;
}
