// Where the window sends a package: a team package or someone's portal. Validated here so the
// renderer and main agree on the rules (e-mail recipients, lengths).
import { z } from 'zod';

/** Deliberately simple: one @, something on each side, a dot in the domain, no spaces. */
export const EmailAddress = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'not an e-mail address');

export const TeamDestination = z.object({
  kind: z.literal('team'),
  teamId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(255),
  message: z.string().max(5000).default(''),
  recipients: z.array(EmailAddress).max(100).default([]),
  password: z.string().min(1).max(1024).optional(),
  /** Send every byte but leave the package open for more files (finalized later, from its row). */
  keepOpen: z.boolean().default(false),
});

export const PortalDestination = z.object({
  kind: z.literal('portal'),
  subdomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'not a portal address'),
  name: z.string().trim().min(1).max(255),
  senderEmail: EmailAddress,
  message: z.string().max(5000).default(''),
  accessCode: z.string().min(1).max(256).optional(),
});

export const UploadDestination = z.discriminatedUnion('kind', [TeamDestination, PortalDestination]);
export type UploadDestination = z.input<typeof UploadDestination>;

export const PortalInfo = z.object({
  subdomain: z.string(),
  name: z.string(),
  message: z.string(),
  hasAccessCode: z.boolean(),
});
export type PortalInfo = z.infer<typeof PortalInfo>;
