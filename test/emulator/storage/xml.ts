// The S3 XML documents the storage plane speaks (namespace and element names as S3 sends them).
import { escapeXml } from '../faults';
import type { PartRef, StoredPart } from '../types';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

type Node = string | number | boolean | undefined | Node[] | { [el: string]: Node };

/** Tiny serialiser: objects become elements, arrays repeat the element, undefined is skipped. */
function el(name: string, value: Node): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => el(name, v)).join('');
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => el(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function doc(root: string, body: Record<string, Node>): string {
  return `${HEAD}${el(root, body).replace(`<${root}>`, `<${root} xmlns="${NS}">`)}`;
}

export function initiateResult(bucket: string, key: string, uploadId: string): string {
  return doc('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: uploadId });
}

export function completeResult(
  location: string,
  bucket: string,
  key: string,
  etag: string,
): string {
  return doc('CompleteMultipartUploadResult', {
    Location: location,
    Bucket: bucket,
    Key: key,
    ETag: etag,
  });
}

export function listPartsResult(
  bucket: string,
  key: string,
  uploadId: string,
  parts: (StoredPart & { lastModified: number })[],
  marker: number,
  maxParts: number,
  truncated: boolean,
): string {
  return doc('ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: parts.at(-1)?.partNumber ?? marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    StorageClass: 'STANDARD',
    Part: parts.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: new Date(p.lastModified).toISOString(),
      ETag: p.etag,
      Size: p.size,
    })),
  });
}

export function locationResult(): string {
  return `${HEAD}<LocationConstraint xmlns="${NS}"></LocationConstraint>`;
}

const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

/** Reads `<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>…`; undefined when malformed. */
export function parseCompleteBody(xml: string): PartRef[] | undefined {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) return undefined;
  const parts: PartRef[] = [];
  for (const m of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const inner = m[1] ?? '';
    const n = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1];
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner)?.[1];
    if (!n || etag === undefined) return undefined;
    parts.push({ partNumber: Number(n), etag: unescape(etag.trim()) });
  }
  return parts;
}
