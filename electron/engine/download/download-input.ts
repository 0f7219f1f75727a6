// What a link download accepts: the shared DownloadInput plus the download-only choices.
// (Worth merging into shared/transfers.ts so the renderer can offer them.)
import { z } from 'zod';
import { DownloadInput } from '../../../shared/transfers';

export const MIN_PART_SIZE = 1024 * 1024;
export const DEFAULT_PART_SIZE = 32 * 1024 * 1024;

export const DownloadJobInput = DownloadInput.extend({
  /** picomatch globs on the server's relative path; all files when absent. */
  globs: z.array(z.string().min(1)).optional(),
  /** Also fetch the whole-package zip entries (skipped by default). */
  includeZips: z.boolean().default(false),
  /** What to do when a name exists in the destination. */
  policy: z.enum(['rename', 'skip', 'overwrite']).default('rename'),
  /** Bytes per ranged GET (default 32 MiB). */
  partSize: z
    .number()
    .int()
    .min(MIN_PART_SIZE)
    .max(1024 * 1024 * 1024)
    .optional(),
});
export type DownloadJobInput = z.input<typeof DownloadJobInput>;
export type DownloadJobInputParsed = z.output<typeof DownloadJobInput>;
