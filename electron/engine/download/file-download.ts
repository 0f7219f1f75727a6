// One file of a download: parallel ranged GETs into a preallocated .part file, journaled as
// they become durable, then size (and single-part MD5) verification and the move into place.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { fromFsError, masvError } from '../../masv/errors';
import type { BandwidthLimiter } from '../bandwidth-limiter';
import type { Clock } from '../clock';
import type { RetryInfo } from '../../masv/retry-policy';
import type { WorkPool } from '../work-pool';
import { integrityError } from './download-errors';
import type { DownloadRecord, JournalFile } from './download-journal';
import {
  ensureDirInside,
  lstatIfExists,
  moveIntoPlace,
  openPartFile,
  resolveInside,
} from './fs-guard';
import { AlignedBufferPool, alignUp, openDirect } from './direct-io';
import { DurableRanges } from './durable-ranges';
import { FileWriteQueue } from './positional-writer';
import { fetchRange } from './range-fetch';
import type { RangeFetchContext, RangeSource } from './range-fetch';
import { RangeSet, planParts } from './range-set';
import type { ByteRange } from './range-set';

export interface FileSource extends RangeSource {
  getDownloadUrl(
    packageId: string,
    token: string,
    fileId: string,
    signal?: AbortSignal,
  ): Promise<{ url: string; size?: number }>;
}

export interface FileDownloadSettings {
  partSize: number;
  partAttempts: number;
  /** Parallel ranges of one file (the shared pool still bounds the total). */
  rangesPerFile: number;
  writeBatchBytes: number;
  /** Bytes written to the file between background fdatasyncs (see DurableRanges)… */
  checkpointBytes: number;
  /** …or time between them, whichever comes first (a slow link still checkpoints often). */
  checkpointMs: number;
  /** No body bytes for this long: the GET is aborted and retried from the last written byte. */
  stallTimeoutMs: number;
}

/** Files below this size are written through the page cache only. */
const DIRECT_MIN_FILE_BYTES = 8 * 1024 * 1024;

export interface FileDownloadContext {
  source: FileSource;
  packageId: string;
  packageToken: string;
  root: string;
  pool: WorkPool;
  controlPool: WorkPool;
  limiter: BandwidthLimiter;
  clock: Clock;
  random: () => number;
  settings: FileDownloadSettings;
  signal: AbortSignal;
  record(rec: DownloadRecord): Promise<void>;
  onWritten(bytes: number): void;
  onRetry?: (info: RetryInfo) => void;
}

export interface FileProgressState {
  file: JournalFile;
  done: RangeSet;
  etag?: string;
}

/** A storage ETag that is a plain MD5 of the bytes (single-part upload), unquoted, lower case. */
export function plainMd5(etag: string | undefined): string | undefined {
  const bare = etag?.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
  return bare !== undefined && /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

/** Returns the relative path the file finally got (it differs when a name appeared meanwhile). */
export async function downloadFile(
  ctx: FileDownloadContext,
  state: FileProgressState,
): Promise<string> {
  const { file } = state;
  await ensureDirInside(ctx.root, parentOf(file.finalPath));
  if (state.done.size > 0) {
    const part = await lstatIfExists(resolveInside(ctx.root, file.partPath));
    if (!part?.isFile() || part.size !== file.size) {
      // The .part vanished or was changed outside the app: its journaled ranges mean nothing.
      await ctx.record({ t: 'file-reset', f: file.id });
      state.done = new RangeSet();
      delete state.etag;
    }
  }
  const fh = await openPartFile(ctx.root, file.partPath, file.size, state.done.size === 0);
  // Direct I/O pays off only for files of several write batches; small ones stay buffered.
  const direct = file.size >= DIRECT_MIN_FILE_BYTES ? await openDirect(fh) : undefined;
  try {
    if (file.size > 0) await fetchAll(ctx, state, fh, direct);
    await verify(ctx, state, fh);
  } finally {
    await direct?.close().catch(() => undefined);
    await fh.close().catch(() => undefined);
  }
  const finalPath = await moveIntoPlace(ctx.root, file.partPath, file.finalPath, file.overwrite);
  await ctx.record({ t: 'file-done', f: file.id });
  return finalPath;
}

async function fetchAll(
  ctx: FileDownloadContext,
  state: FileProgressState,
  fh: FileHandle,
  directFh: FileHandle | undefined,
): Promise<void> {
  const { file } = state;
  const getUrl = async (): Promise<string> =>
    (
      await ctx.controlPool.run(
        () => ctx.source.getDownloadUrl(ctx.packageId, ctx.packageToken, file.id, ctx.signal),
        ctx.signal,
      )
    ).url;
  let url = await getUrl();
  let refreshing: Promise<void> | null = null;
  let rangeIgnored = false;
  const local = new AbortController();
  const signal = AbortSignal.any([ctx.signal, local.signal]);

  const rctx: RangeFetchContext = {
    source: ctx.source,
    url: () => url,
    refreshUrl: async (stale) => {
      if (url !== stale) return;
      refreshing ??= getUrl()
        .then((u) => {
          url = u;
        })
        .finally(() => {
          refreshing = null;
        });
      await refreshing;
    },
    fh,
    where: file.finalPath,
    limiter: ctx.limiter,
    signal,
    clock: ctx.clock,
    random: ctx.random,
    stallTimeoutMs: ctx.settings.stallTimeoutMs,
    maxAttempts: ctx.settings.partAttempts,
    writeBatchBytes: ctx.settings.writeBatchBytes,
    writes: new FileWriteQueue(),
    ...(directFh
      ? {
          direct: {
            fh: directFh,
            pool: new AlignedBufferPool(alignUp(ctx.settings.writeBatchBytes)),
          },
        }
      : {}),
    durable: new DurableRanges({
      fh,
      thresholdBytes: ctx.settings.checkpointBytes,
      intervalMs: ctx.settings.checkpointMs,
      now: () => ctx.clock.now(),
      where: file.finalPath,
      onDurable: async (s, e) => {
        state.done.add(s, e);
        await ctx.record({ t: 'range', f: file.id, s, e });
      },
    }),
    onResponse: (res) => {
      if (res.size !== undefined && res.size !== file.size) {
        throw masvError('integrity', {
          message: `${file.finalPath} changed on the server (size ${res.size}, expected ${file.size})`,
          retryable: false,
        });
      }
      if (res.etag === undefined) return;
      if (state.etag !== undefined && state.etag !== res.etag) {
        throw masvError('integrity', {
          message: `${file.finalPath} changed on the server while downloading`,
          retryable: false,
        });
      }
      if (state.etag === undefined) {
        state.etag = res.etag;
        void ctx.record({ t: 'etag', f: file.id, etag: res.etag }).catch(() => undefined);
      }
    },
    onRangeIgnored: () => {
      rangeIgnored = true;
    },
    onWritten: (n) => ctx.onWritten(n),
    onRetry: (info) => ctx.onRetry?.(info),
  };

  const queue: ByteRange[] = planParts(file.size, state.done, ctx.settings.partSize);
  let failure: unknown;
  const worker = async (): Promise<void> => {
    for (;;) {
      // A server that ignores Range answers every part with the whole object; parallel parts
      // would each re-read the prefix, so the rest goes as one stream below.
      if (rangeIgnored || failure !== undefined) return;
      const next = queue.shift();
      if (!next) return;
      try {
        await ctx.pool.run(() => fetchRange(rctx, next), signal);
      } catch (e) {
        failure ??= e;
        local.abort();
      }
    }
  };
  const workers = Math.max(1, Math.min(ctx.settings.rangesPerFile, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) {
    // Ranges that finished before the failure are journaled too, so a resume skips them.
    await rctx.durable.settle().catch(() => undefined);
    throw ctx.signal.aborted ? masvError('aborted') : (failure as Error);
  }
  const rest = queue.splice(0);
  const first = rest[0];
  const last = rest[rest.length - 1];
  if (first && last)
    await ctx.pool.run(() => fetchRange(rctx, { start: first.start, end: last.end }), signal);
  // Every range is written: one last fdatasync, and the journal then records all of it.
  await rctx.durable.settle();
}

async function verify(
  ctx: FileDownloadContext,
  state: FileProgressState,
  fh: FileHandle,
): Promise<void> {
  const { file } = state;
  if (file.size > 0 && !state.done.covers(0, file.size)) {
    throw integrityError(
      file.finalPath,
      `ranges on disk cover ${state.done.size} of ${file.size} bytes`,
    );
  }
  try {
    await fh.datasync();
    const st = await fh.stat();
    if (st.size !== file.size)
      throw integrityError(file.finalPath, `size on disk ${st.size}, expected ${file.size}`);
  } catch (e) {
    throw fromFsError(e, file.finalPath, 'write');
  }
  const md5 = plainMd5(state.etag);
  if (md5 === undefined || file.size === 0) return;
  const actual = await md5Of(fh, file.size, ctx.signal);
  if (actual !== md5) {
    // Start this file over on the next attempt rather than trusting any of its bytes.
    await ctx.record({ t: 'file-reset', f: file.id });
    state.done = new RangeSet();
    delete state.etag;
    throw integrityError(file.finalPath, `MD5 ${actual}, storage ETag ${md5}`);
  }
}

async function md5Of(fh: FileHandle, size: number, signal: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (let pos = 0; pos < size;) {
    if (signal.aborted) throw masvError('aborted');
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}
