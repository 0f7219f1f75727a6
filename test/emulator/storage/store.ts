// The storage plane's data and metadata: objects, unfinished multipart uploads and their parts.
// Bytes stream to part files and never sit whole in memory; a completed multipart object stays an
// ordered list of its part files (a virtual concatenation) instead of being copied. Metadata lives
// in memory for speed and is written through to disk so a restart on the same folder keeps it
// (in discard and sink mode, only finished objects are: an unfinished multipart upload there is a
// benchmark's, lives in memory alone, and costs no folder, file or rename per part).
// File names come from hashes and generated ids only, so no object key can reach outside dataDir.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '../types';
import type { ObjectInfo, PartRef, StoredPart } from '../types';
import {
  randomId,
  readJson,
  readSpans,
  receiveBody,
  removeQuietly,
  writeJsonAtomic,
} from './files';
import type { BodyFeed, BodyTarget, FileSpan } from './files';
import { choosePartsForCompletion, multipartEtag, sameCompletion } from './completion';

export type { BodyFeed } from './files';

/**
 * disk: keep the bytes. discard: keep sizes and MD5 ETags only. sink (benchmarks only): keep
 * sizes only and hash nothing, so a client can be measured without the storage's MD5 cost;
 * its ETags are synthetic (`"sink-…"`), never MD5s, and digests sent by clients go unchecked.
 */
export type StorageMode = 'disk' | 'discard' | 'sink';

/** Synthetic, stable ETags for sink mode: clearly not MD5s, yet equal for equal uploads. */
export const sinkPartEtag = (partNumber: number, size: number): string =>
  `"sink-${partNumber}-${size}"`;
export const sinkObjectEtag = (size: number, parts?: number): string =>
  parts === undefined ? `"sink-object-${size}"` : `"sink-multipart-${parts}-${size}"`;

/** The error for reading an object whose bytes its storage mode did not keep. */
export function bytesNotKept(mode: StorageMode): StorageError {
  const which = mode === 'disk' ? 'discard or sink' : mode;
  return new StorageError(
    'NotImplemented',
    `This object was stored in ${which} mode (for benchmarks): its bytes were not kept, so it cannot be read.`,
  );
}

export interface ObjectMeta {
  key: string;
  size: number;
  etag: string;
  lastModified: number;
  contentType?: string;
  /** Folder under blobs/ holding part files named by part number; absent in discard/sink mode. */
  blob?: string;
  parts: { n: number; size: number }[];
  /** For multipart objects: what completed them, so a repeated identical completion succeeds. */
  uploadId?: string;
  completedParts?: { partNumber: number; etag: string }[];
}

interface UploadMeta {
  uploadId: string;
  key: string;
  initiated: number;
  contentType?: string;
  parts: Map<number, StoredPart & { lastModified: number }>;
  /** Set while a completion runs; a concurrent identical completion waits for it. */
  completing?: Promise<ObjectInfo>;
}

/** Upload ids become folder names, so only this shape is ever accepted. */
const UPLOAD_ID = /^[A-Za-z0-9_-]{8,128}$/;

function keyFile(key: string): string {
  return `${createHash('sha256').update(key).digest('hex')}.json`;
}

export class ObjectStore {
  private readonly objects = new Map<string, ObjectMeta>();
  private readonly uploads = new Map<string, UploadMeta>();
  private readonly root: string;

  constructor(
    dataDir: string,
    readonly mode: StorageMode,
  ) {
    this.root = join(dataDir, 'storage');
  }

  private dir(kind: 'objects' | 'uploads' | 'blobs', ...rest: string[]): string {
    return join(this.root, kind, ...rest);
  }

  /** Whether unfinished multipart uploads are written through (disk mode only). */
  private get uploadsOnDisk(): boolean {
    return this.mode === 'disk';
  }

  async load(): Promise<void> {
    await Promise.all(
      ['objects', 'uploads', 'blobs'].map((d) => mkdir(join(this.root, d), { recursive: true })),
    );
    for (const name of await readdir(this.dir('objects'))) {
      if (!name.endsWith('.json')) continue;
      const meta = await readJson<ObjectMeta>(this.dir('objects', name));
      if (meta) this.objects.set(meta.key, meta);
    }
    for (const id of await readdir(this.dir('uploads'))) {
      const head = await readJson<Omit<UploadMeta, 'parts'>>(
        this.dir('uploads', id, 'upload.json'),
      );
      if (!head || !UPLOAD_ID.test(id)) continue;
      const upload: UploadMeta = { ...head, uploadId: id, parts: new Map() };
      for (const f of await readdir(this.dir('uploads', id))) {
        const m = /^(\d+)\.json$/.exec(f);
        const part = m
          ? await readJson<StoredPart & { lastModified: number }>(this.dir('uploads', id, f))
          : undefined;
        if (part) upload.parts.set(part.partNumber, part);
      }
      this.uploads.set(id, upload);
    }
  }

  /** Where a body goes in this mode (disk: `<dir>/<name>`). */
  private target(dir: string | undefined, name: string): BodyTarget {
    if (this.mode === 'sink') return { kind: 'count' };
    return this.mode === 'disk' && dir !== undefined
      ? { kind: 'file', dir, name }
      : { kind: 'md5' };
  }

  // ---- objects -------------------------------------------------------------------------------

  getObject(key: string): ObjectMeta | undefined {
    return this.objects.get(key);
  }

  info(meta: ObjectMeta): ObjectInfo {
    return {
      key: meta.key,
      size: meta.size,
      etag: meta.etag,
      lastModified: new Date(meta.lastModified),
    };
  }

  /** Keys in S3 (UTF-16 code unit here, close enough for tests) order. */
  sortedKeys(prefix: string): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** File spans covering bytes [start, end] of an object (inclusive). */
  spans(meta: ObjectMeta, start: number, end: number): FileSpan[] {
    if (!meta.blob) throw bytesNotKept(this.mode);
    const out: FileSpan[] = [];
    let offset = 0;
    for (const p of meta.parts) {
      const pStart = offset;
      const pEnd = offset + p.size - 1;
      offset += p.size;
      if (pEnd < start || pStart > end) continue;
      out.push({
        path: this.dir('blobs', meta.blob, String(p.n)),
        start: Math.max(start, pStart) - pStart,
        end: Math.min(end, pEnd) - pStart,
      });
    }
    return out;
  }

  read(meta: ObjectMeta, start = 0, end = meta.size - 1): AsyncGenerator<Buffer> {
    return readSpans(this.spans(meta, start, end));
  }

  private async commitObject(meta: ObjectMeta): Promise<ObjectInfo> {
    const old = this.objects.get(meta.key);
    await writeJsonAtomic(this.dir('objects', keyFile(meta.key)), meta);
    this.objects.set(meta.key, meta);
    if (old?.blob && old.blob !== meta.blob) await removeQuietly(this.dir('blobs', old.blob));
    return this.info(meta);
  }

  /**
   * Stores a whole object from `feed`. `check` runs after the body ended and before anything is
   * committed (digest checks); throwing there leaves the previous object untouched.
   */
  async putObject(
    key: string,
    feed: BodyFeed,
    opts: { contentType?: string; check?: (md5: Buffer) => void } = {},
  ) {
    const blob = this.mode === 'disk' ? randomId() : undefined;
    const { md5, size } = await receiveBody(
      this.target(blob ? this.dir('blobs', blob) : undefined, '1'),
      feed,
      opts.check,
    );
    return this.commitObject({
      key,
      size,
      etag: md5 ? `"${md5.toString('hex')}"` : sinkObjectEtag(size),
      lastModified: Date.now(),
      contentType: opts.contentType,
      blob,
      parts: [{ n: 1, size }],
    });
  }

  async deleteObject(key: string): Promise<void> {
    const meta = this.objects.get(key);
    if (!meta) return;
    this.objects.delete(key);
    await removeQuietly(this.dir('objects', keyFile(key)));
    if (meta.blob) await removeQuietly(this.dir('blobs', meta.blob));
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const key of this.sortedKeys(prefix)) await this.deleteObject(key);
    for (const u of [...this.uploads.values()])
      if (u.key.startsWith(prefix)) await this.abort(u.uploadId);
  }

  // ---- multipart -----------------------------------------------------------------------------

  getUpload(uploadId: string): UploadMeta | undefined {
    return UPLOAD_ID.test(uploadId) ? this.uploads.get(uploadId) : undefined;
  }

  async createUpload(key: string, contentType?: string): Promise<string> {
    const uploadId = randomId(24);
    const head = { uploadId, key, initiated: Date.now(), contentType };
    if (this.uploadsOnDisk) {
      await mkdir(this.dir('uploads', uploadId), { recursive: true });
      await writeJsonAtomic(this.dir('uploads', uploadId, 'upload.json'), head);
    }
    this.uploads.set(uploadId, { ...head, parts: new Map() });
    return uploadId;
  }

  listParts(uploadId: string): StoredPart[] {
    const u = this.getUpload(uploadId);
    if (!u)
      throw new StorageError('NoSuchUpload', 'The specified multipart upload does not exist.');
    return [...u.parts.values()]
      .sort((a, b) => a.partNumber - b.partNumber)
      .map(({ partNumber, etag, size }) => ({ partNumber, etag, size }));
  }

  partDates(uploadId: string): Map<number, number> {
    return new Map(
      [...(this.getUpload(uploadId)?.parts.values() ?? [])].map((p) => [
        p.partNumber,
        p.lastModified,
      ]),
    );
  }

  async uploadPart(
    uploadId: string,
    partNumber: number,
    feed: BodyFeed,
    check?: (md5: Buffer) => void,
  ) {
    const u = this.getUpload(uploadId);
    if (!u || u.completing)
      throw new StorageError('NoSuchUpload', 'The specified multipart upload does not exist.');
    const dir = this.dir('uploads', uploadId);
    const { md5, size } = await receiveBody(this.target(dir, String(partNumber)), feed, check);
    if (this.uploads.get(uploadId) !== u)
      throw new StorageError('NoSuchUpload', 'The multipart upload ended meanwhile.');
    const etag = md5 ? `"${md5.toString('hex')}"` : sinkPartEtag(partNumber, size);
    const part = { partNumber, etag, size, lastModified: Date.now() };
    if (this.uploadsOnDisk) await writeJsonAtomic(join(dir, `${partNumber}.json`), part);
    u.parts.set(partNumber, part);
    return { partNumber, etag: part.etag, size };
  }

  /** Validates and completes; see StorageBackend.completeMultipart for the rules. */
  async complete(
    key: string,
    uploadId: string,
    refs: PartRef[],
    minPartSize: number,
  ): Promise<ObjectInfo> {
    const u = this.getUpload(uploadId);
    if (!u) {
      const done = this.objects.get(key);
      if (done && sameCompletion(done, uploadId, refs)) return this.info(done);
      throw new StorageError('NoSuchUpload', 'The specified multipart upload does not exist.');
    }
    if (u.completing) {
      await u.completing.catch(() => undefined);
      return this.complete(key, uploadId, refs, minPartSize);
    }
    if (u.key !== key) throw new StorageError('NoSuchUpload', 'The upload belongs to another key.');
    const chosen = choosePartsForCompletion(u.parts, refs, minPartSize);
    const meta: ObjectMeta = {
      key,
      size: chosen.reduce((sum, p) => sum + p.size, 0),
      etag:
        this.mode === 'sink'
          ? sinkObjectEtag(
              chosen.reduce((sum, p) => sum + p.size, 0),
              chosen.length,
            )
          : multipartEtag(chosen),
      lastModified: Date.now(),
      contentType: u.contentType,
      parts: chosen.map((p) => ({ n: p.partNumber, size: p.size })),
      uploadId,
      completedParts: chosen.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    };
    u.completing = this.finish(u, meta, chosen);
    try {
      return await u.completing;
    } finally {
      u.completing = undefined;
    }
  }

  private async finish(u: UploadMeta, meta: ObjectMeta, chosen: StoredPart[]): Promise<ObjectInfo> {
    const { uploadId } = u;
    if (this.mode === 'disk') {
      // The upload folder becomes the object's blob folder: a rename, not a copy of gigabytes.
      await rename(this.dir('uploads', uploadId), this.dir('blobs', uploadId));
      meta.blob = uploadId;
      const keep = new Set(chosen.map((p) => String(p.partNumber)));
      const names = await readdir(this.dir('blobs', uploadId));
      await Promise.all(
        names.filter((f) => !keep.has(f)).map((f) => removeQuietly(this.dir('blobs', uploadId, f))),
      );
    }
    this.uploads.delete(uploadId);
    return this.commitObject(meta);
  }

  async abort(uploadId: string): Promise<boolean> {
    const u = this.getUpload(uploadId);
    if (!u) return false;
    this.uploads.delete(uploadId);
    if (this.uploadsOnDisk)
      await rm(this.dir('uploads', uploadId), { recursive: true, force: true });
    return true;
  }
}
