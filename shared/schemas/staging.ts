// Files and folders chosen for the next upload, scanned in main before anything is sent: the
// window shows what will go (counts, sizes, folders, empty files) and what will not (junk).
import { z } from 'zod';

export const StagedItem = z.object({
  /** Opaque id for removing the item. */
  id: z.string(),
  /** Absolute local path the user chose (theirs to see; not a secret). */
  path: z.string(),
  name: z.string(),
  kind: z.enum(['file', 'folder']),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Folders inside a chosen folder (kept as the package's tree). */
  folders: z.number().int().nonnegative(),
  /** Empty folders sent as folder entries. */
  emptyFolders: z.number().int().nonnegative(),
  emptyFiles: z.number().int().nonnegative(),
  /** Left out on purpose, each with why (system files, links leaving the folder, unreadable). */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** Cut short at this many skipped entries; the counts stay exact. */
  skippedCount: z.number().int().nonnegative(),
});
export type StagedItem = z.infer<typeof StagedItem>;

export const StagingSnapshot = z.object({
  items: z.array(StagedItem),
  /** Paths being scanned right now. */
  scanning: z.array(z.string()),
  /** A path that could not be added, in user words (gone, unreadable). */
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  totals: z.object({
    files: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    folders: z.number().int().nonnegative(),
    emptyFiles: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
  }),
});
export type StagingSnapshot = z.infer<typeof StagingSnapshot>;
