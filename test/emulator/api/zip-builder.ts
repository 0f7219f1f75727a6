// The virtual whole-package zips (kind zip_windows / zip_mac). STORED entries (no compression):
// media files do not shrink, and a stored zip's size is known before it is built, so listings
// can show it without building anything. Built lazily by streaming each object out of storage
// and the zip back into storage.
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { ObjectInfo, StorageBackend } from '../types';

export interface ZipEntrySource {
  /** `path/name` inside the zip. */
  entryPath: string;
  kind: 'file' | 'directory';
  size: number;
  mtime: Date;
  key?: string;
}

type Opener = (key: string) => Promise<NodeJS.ReadableStream>;

const END_OPTIONS = { forceZip64Format: false, comment: '' };

function populate(zip: ZipFile, entries: ZipEntrySource[], open: Opener): void {
  for (const e of entries) {
    if (e.kind === 'directory') {
      zip.addEmptyDirectory(e.entryPath, { mtime: e.mtime });
      continue;
    }
    const key = e.key;
    if (key === undefined) throw new Error(`zip entry ${e.entryPath} has no object`);
    zip.addReadStreamLazy(e.entryPath, { size: e.size, compress: false, mtime: e.mtime }, (cb) => {
      open(key).then(
        (stream) => cb(null, stream),
        (err: unknown) => cb(err, undefined as unknown as NodeJS.ReadableStream),
      );
    });
  }
}

/** Exact byte size of the zip `buildZip` produces for these entries, computed without reading data. */
export function zipSize(entries: ZipEntrySource[]): number {
  const zip = new ZipFile();
  let size = -1;
  // The opener never resolves: yazl only needs the declared sizes to compute the layout.
  populate(zip, entries, () => new Promise<NodeJS.ReadableStream>(() => undefined));
  // @types/yazl types the callback without its argument; yazl passes the total size.
  const onSize = ((total: number) => {
    size = total;
  }) as unknown as () => void;
  zip.end(END_OPTIONS, onSize);
  if (size < 0) throw new Error('zip size could not be computed');
  return size;
}

/** Streams the package's objects into a zip object at `key`. */
export async function buildZip(
  storage: StorageBackend,
  key: string,
  entries: ZipEntrySource[],
): Promise<ObjectInfo> {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (err: Error) => output.destroy(err));
  populate(zip, entries, (k) => storage.readObject(k));
  zip.end(END_OPTIONS);
  return storage.putObject(key, output);
}
