// ListObjectsV2 and the older ListObjects (V1), which rclone uses by default for "Other" providers.
import type { ObjectMeta } from './store';
import { doc } from './xml';

export interface ListParams {
  v2: boolean;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  /** V2: decoded continuation token or start-after; V1: marker. */
  after: string;
  encodeUrl: boolean;
  continuationToken?: string;
  startAfter?: string;
}

interface Page {
  contents: ObjectMeta[];
  prefixes: string[];
  truncated: boolean;
  /** Last key or common prefix returned: where the next page starts. */
  last?: string;
}

/** One page of keys after `after`, rolling keys that share a delimited prefix into one entry. */
export function listPage(
  sortedKeys: string[],
  get: (k: string) => ObjectMeta | undefined,
  p: ListParams,
): Page {
  const page: Page = { contents: [], prefixes: [], truncated: false };
  // A marker that is a common prefix means "skip everything under it" too.
  const skipUnder = p.delimiter && p.after.endsWith(p.delimiter) ? p.after : undefined;
  for (const key of sortedKeys) {
    if (key <= p.after || (skipUnder && key.startsWith(skipUnder))) continue;
    let entry: string | undefined;
    if (p.delimiter) {
      const i = key.indexOf(p.delimiter, p.prefix.length);
      if (i >= 0) entry = key.slice(0, i + p.delimiter.length);
    }
    if (entry !== undefined && entry === page.prefixes.at(-1)) continue;
    if (page.contents.length + page.prefixes.length >= p.maxKeys) {
      page.truncated = true;
      break;
    }
    if (entry !== undefined) {
      page.prefixes.push(entry);
      page.last = entry;
    } else {
      const meta = get(key);
      if (meta) page.contents.push(meta);
      page.last = key;
    }
  }
  return page;
}

export function encodeToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

export function listResult(bucket: string, p: ListParams, page: Page): string {
  const enc = (s: string): string => (p.encodeUrl ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const common = {
    Name: bucket,
    Prefix: enc(p.prefix),
    Delimiter: p.delimiter ? enc(p.delimiter) : undefined,
    MaxKeys: p.maxKeys,
    EncodingType: p.encodeUrl ? 'url' : undefined,
    IsTruncated: page.truncated,
  };
  const contents = page.contents.map((m) => ({
    Key: enc(m.key),
    LastModified: new Date(m.lastModified).toISOString(),
    ETag: m.etag,
    Size: m.size,
    StorageClass: 'STANDARD',
  }));
  const prefixes = page.prefixes.map((x) => ({ Prefix: enc(x) }));
  if (p.v2) {
    return doc('ListBucketResult', {
      ...common,
      KeyCount: contents.length + prefixes.length,
      ContinuationToken: p.continuationToken,
      NextContinuationToken:
        page.truncated && page.last !== undefined ? encodeToken(page.last) : undefined,
      StartAfter: p.startAfter !== undefined ? enc(p.startAfter) : undefined,
      Contents: contents,
      CommonPrefixes: prefixes,
    });
  }
  return doc('ListBucketResult', {
    ...common,
    Marker: enc(p.after),
    NextMarker: page.truncated && page.last !== undefined ? enc(page.last) : undefined,
    Contents: contents,
    CommonPrefixes: prefixes,
  });
}
