// Storage limits the API advertises and enforces (masv-api.md §2.0). They mirror S3 multipart
// rules because the storage plane behaves like S3.

export const MAX_CHUNK_COUNT = 10_000;
export const MAX_CHUNK_SIZE = 5 * 1024 ** 3;
/** S3's EntityTooSmall rule: every part but the last must be at least this big. */
export const MIN_CHUNK_SIZE = 5 * 1024 ** 2;
/** The largest file the limits allow: 10 000 parts of 5 GiB (about 53.7 TB). */
export const MAX_FILE_SIZE = MAX_CHUNK_COUNT * MAX_CHUNK_SIZE;

/** Packages with more files than this may list them only once per LIST_INTERVAL_MS (§3.3). */
export const LIST_THROTTLE_FILES = 10_000;
export const LIST_INTERVAL_MS = 5_000;

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;
export const DEFAULT_PACKAGE_EXPIRY_DAYS = 30;

/** The limit fields returned by the spec route and the add-file response. */
export function specLimits(): Record<string, number> {
  return {
    max_chunk_count: MAX_CHUNK_COUNT,
    max_chunks_count: MAX_CHUNK_COUNT,
    max_chunk_size: MAX_CHUNK_SIZE,
    min_chunk_size: MIN_CHUNK_SIZE,
  };
}

/** The "not set" time MASV uses instead of null. */
export const ZERO_TIME = '0001-01-01T00:00:00.000Z';
