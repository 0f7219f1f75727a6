// The history as the window shows it: this computer's finished, failed and cancelled transfers,
// and the team's sent packages from MASV (paged). No link secrets: a link is copied by main.
import { z } from 'zod';
import { TransferError, TransferKind } from '../transfers';

export const HistoryItem = z.object({
  id: z.string(),
  kind: TransferKind,
  state: z.enum(['complete', 'idle', 'failed', 'cancelled']),
  name: z.string(),
  bytesTotal: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationSeconds: z.number().nonnegative(),
  /** Bytes per second over the whole transfer (0 when nothing moved). */
  averageRate: z.number().nonnegative(),
  packageId: z.string().optional(),
  destination: z.string().optional(),
  error: TransferError.optional(),
  /** A share link can be copied. */
  hasLink: z.boolean(),
  /** The failed transfer is still resumable here (its journal is kept). */
  canRetry: z.boolean(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

export const HistoryQuery = z.object({
  /** Matches name, folder, package id and error text, case-insensitively. */
  text: z.string().max(200).optional(),
  kind: TransferKind.optional(),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const RemotePackage = z.object({
  id: z.string(),
  name: z.string(),
  sender: z.string().optional(),
  state: z.string().optional(),
  size: z.number().nonnegative(),
  fileCount: z.number().int().nonnegative(),
  createdAt: z.string().optional(),
  expiry: z.string().optional(),
});
export type RemotePackage = z.infer<typeof RemotePackage>;

export const RemotePage = z.object({
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  total: z.number().int().nonnegative(),
  records: z.array(RemotePackage),
});
export type RemotePage = z.infer<typeof RemotePage>;
