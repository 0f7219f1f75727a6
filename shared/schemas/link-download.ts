// Receiving a package from a link: what the window is shown before any byte (the package, its
// files, where they will land and under which names), and what it asks for. The link itself
// stays in main: the window names it by the token it was given.
import { z } from 'zod';
import { OnConflict } from './settings';

const Token = z.string().min(1).max(128);
const FileId = z.string().min(1).max(64);

export const PackagePreview = z.object({
  token: z.string(),
  name: z.string(),
  sender: z.string().optional(),
  /** The package's message, when the service sends one with the link. */
  message: z.string().optional(),
  /** Bytes of the files (whole-package zips not counted). */
  size: z.number().int().nonnegative(),
  fileCount: z.number().int().nonnegative(),
  expiry: z.string().optional(),
  files: z.array(
    z.object({ id: z.string(), path: z.string(), size: z.number().int().nonnegative() }),
  ),
  /** Whole-package archives the service offers (Windows/Linux and macOS flavours). */
  zips: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      size: z.number().int().nonnegative(),
    }),
  ),
});
export type PackagePreview = z.infer<typeof PackagePreview>;

/** What to fetch and where: every file unless `fileIds`, or one whole-package zip. */
export const DownloadChoice = z.object({
  token: Token,
  fileIds: z.array(FileId).min(1).max(100_000).optional(),
  zipId: FileId.optional(),
  /** A folder the user chose; the settings' download folder when absent. */
  destination: z.string().min(1).max(4096).optional(),
  policy: OnConflict.optional(),
});
export type DownloadChoice = z.input<typeof DownloadChoice>;

export const DownloadPreflight = z.object({
  destination: z.string(),
  /** Null when the file system cannot say (some network shares). */
  freeBytes: z.number().nonnegative().nullable(),
  neededBytes: z.number().int().nonnegative(),
  fileCount: z.number().int().nonnegative(),
  /** Names changed so this system can hold them, with why in words. */
  changedNames: z.array(z.object({ from: z.string(), to: z.string(), why: z.string() })),
  /** Names that already exist in the folder, and what the policy does about each. */
  clashes: z.array(
    z.object({
      path: z.string(),
      action: z.enum(['rename', 'skip', 'overwrite']),
      to: z.string().nullable(),
    }),
  ),
  policy: OnConflict,
});
export type DownloadPreflight = z.infer<typeof DownloadPreflight>;
