// Small file helpers for the storage plane: atomic JSON metadata, streaming part files in and out.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** File streams move 1 MiB at a time: fewer syscalls and callbacks at GB/s. */
export const FILE_HWM = 1024 * 1024;

export function randomId(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

/** Write-then-rename so a crash never leaves half a metadata file behind. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${randomId(6)}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, path);
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch(() => undefined);
}

/** A sink that writes chunks to a file with backpressure; `finish()` flushes and closes it. */
export interface FileSink {
  write(chunk: Buffer): void | Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export function fileSink(path: string): FileSink {
  const ws = createWriteStream(path, { highWaterMark: FILE_HWM });
  let failure: Error | undefined;
  ws.on('error', (e) => {
    failure = e;
  });
  const waitFor = (event: 'drain' | 'finish'): Promise<void> =>
    new Promise((resolve, reject) => {
      const ok = (): void => {
        ws.off('error', bad);
        resolve();
      };
      const bad = (e: Error): void => {
        ws.off(event, ok);
        reject(e);
      };
      ws.once(event, ok);
      ws.once('error', bad);
    });
  return {
    write(chunk) {
      if (failure) throw failure;
      if (!ws.write(chunk)) return waitFor('drain');
    },
    async finish() {
      if (failure) throw failure;
      const done = waitFor('finish');
      ws.end();
      await done;
    },
    async abort() {
      ws.destroy();
      await removeQuietly(path);
    },
  };
}

export interface FileSpan {
  path: string;
  /** Inclusive byte offsets inside the file. */
  start: number;
  end: number;
}

/** Streams a list of file spans one after another: a ranged read over an object's part files. */
export async function* readSpans(spans: readonly FileSpan[]): AsyncGenerator<Buffer> {
  for (const span of spans) {
    if (span.end < span.start) continue;
    const rs = createReadStream(span.path, {
      start: span.start,
      end: span.end,
      highWaterMark: FILE_HWM,
    });
    try {
      for await (const chunk of rs) yield chunk as Buffer;
    } finally {
      rs.destroy();
    }
  }
}

/** Feeds a body chunk by chunk into `onChunk`; resolves when the body ended. */
export type BodyFeed = (onChunk: (chunk: Buffer) => void | Promise<void>) => Promise<unknown>;

/** Where a received body goes: a file (disk), only the MD5 (discard), or nowhere (sink). */
export type BodyTarget =
  { kind: 'file'; dir: string; name: string } | { kind: 'md5' } | { kind: 'count' };

/**
 * Streams a body into its target while computing its MD5 (except for `count`, the bench-only
 * sink that must cost nothing per byte). Files go through a temporary file renamed only once the
 * body is complete and `check` (digest checks) passed, so a cut or rejected upload never
 * replaces a good part.
 */
export async function receiveBody(
  target: BodyTarget,
  feed: BodyFeed,
  check?: (md5: Buffer) => void,
): Promise<{ md5?: Buffer; size: number }> {
  let size = 0;
  if (target.kind === 'count') {
    await feed((chunk) => {
      size += chunk.length;
    });
    return { size };
  }
  const md5 = createHash('md5');
  if (target.kind === 'md5') {
    await feed((chunk) => {
      md5.update(chunk);
      size += chunk.length;
    });
    const digest = md5.digest();
    check?.(digest);
    return { md5: digest, size };
  }
  const { dir, name } = target;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${name}.${randomId(6)}.tmp`);
  const sink = fileSink(tmp);
  try {
    await feed((chunk) => {
      md5.update(chunk);
      size += chunk.length;
      return sink.write(chunk);
    });
    await sink.finish();
    const digest = md5.digest();
    check?.(digest);
    await rename(tmp, join(dir, name));
    return { md5: digest, size };
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
