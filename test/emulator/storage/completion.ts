// S3's rules for completing a multipart upload, kept pure so they read like the spec.
import { createHash } from 'node:crypto';
import { StorageError } from '../types';
import type { PartRef, StoredPart } from '../types';

/** Clients send ETags with and without the surrounding quotes; compare them without. */
export const stripQuotes = (etag: string): string => etag.replace(/^"+|"+$/g, '');

/**
 * The stored parts a completion names, in order. Throws S3's errors: no parts (MalformedXML),
 * numbers not ascending (InvalidPartOrder), unknown part or ETag mismatch (InvalidPart), a
 * non-final part under `minPartSize` (EntityTooSmall).
 */
export function choosePartsForCompletion(
  stored: ReadonlyMap<number, StoredPart>,
  refs: readonly PartRef[],
  minPartSize: number,
): StoredPart[] {
  if (refs.length === 0)
    throw new StorageError('MalformedXML', 'You must specify at least one part.');
  return refs.map((ref, i) => {
    const prev = refs[i - 1];
    if (prev && ref.partNumber <= prev.partNumber) {
      throw new StorageError('InvalidPartOrder', 'The list of parts was not in ascending order.');
    }
    const part = stored.get(ref.partNumber);
    if (!part || stripQuotes(part.etag) !== stripQuotes(ref.etag)) {
      throw new StorageError(
        'InvalidPart',
        `Part ${ref.partNumber} was not found or its ETag does not match.`,
      );
    }
    if (i < refs.length - 1 && part.size < minPartSize) {
      throw new StorageError(
        'EntityTooSmall',
        `Part ${ref.partNumber} is smaller than the minimum of ${minPartSize} bytes.`,
      );
    }
    return part;
  });
}

/** S3's multipart ETag: MD5 of the concatenated binary part MD5s, then `-<part count>`. */
export function multipartEtag(parts: readonly StoredPart[]): string {
  const md5s = Buffer.concat(parts.map((p) => Buffer.from(stripQuotes(p.etag), 'hex')));
  return `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
}

/** True when `refs` repeats the completion that produced `done` (same upload, parts and ETags). */
export function sameCompletion(
  done: { uploadId?: string; completedParts?: { partNumber: number; etag: string }[] },
  uploadId: string,
  refs: readonly PartRef[],
): boolean {
  const parts = done.completedParts;
  return (
    done.uploadId === uploadId &&
    parts?.length === refs.length &&
    parts.every((p, i) => {
      const ref = refs[i];
      return (
        ref !== undefined &&
        p.partNumber === ref.partNumber &&
        stripQuotes(p.etag) === stripQuotes(ref.etag)
      );
    })
  );
}
