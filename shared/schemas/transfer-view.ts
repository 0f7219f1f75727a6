// A transfer as the window sees it: the engine's snapshot without anything secret (a share link
// carries its secret: the window only learns that one exists, and asks main to copy it).
import { z } from 'zod';
import { FileProgressSnapshot, TransferSnapshot } from '../transfers';

export const TransferView = TransferSnapshot.omit({ linkUrl: true }).extend({
  /** A share link exists and `transfers:copy-link` will put it on the clipboard. */
  hasLink: z.boolean(),
  /** Where it goes or comes from, in words: "Team Acme", "Portal demo", a folder. */
  place: z.string().optional(),
  /** Why it rests paused when main paused it (signed out, server changed), in user words. */
  pauseReason: z.string().optional(),
});
export type TransferView = z.infer<typeof TransferView>;

export const TransferViewEvent = z.object({
  type: z.enum(['state', 'progress']),
  snapshot: TransferView,
});
export type TransferViewEvent = z.infer<typeof TransferViewEvent>;

export const FileView = FileProgressSnapshot;
export type FileView = z.infer<typeof FileView>;

/** One transfer's files for the expanded row, with what was left out or renamed and why. */
export const TransferFiles = z.object({
  id: z.string(),
  files: z.array(FileView),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  renamed: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type TransferFiles = z.infer<typeof TransferFiles>;
