// The persistent API log: `api.log` in the logs folder, one JSON object per line, rotated to
// api.log.1 … api.log.N when it would pass its size cap. The app and any number of `masv`
// processes may append at once: each flush is one O_APPEND write of whole lines, made while
// holding a small lock file, so lines never interleave and only one process rotates.
// Entries are buffered and written off the transfer's path (a timer, or a full buffer); a
// failing disk loses log lines, never a transfer. Each line holds the route TEMPLATE, never a
// URL, header, token or body (see fileEntryOf).
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ApiLogEntry } from '../masv/api-log';
import { hostOf, routeTemplate } from '../masv/api-route';

export const API_LOG_FILE = 'api.log';

/** One line of api.log. */
export interface ApiLogFileEntry {
  /** ISO time the request started. */
  time: string;
  plane: 'api' | 'storage';
  method: string;
  /** `/v1/packages/{id}/files`: ids, object keys and the query never appear. */
  route: string;
  host?: string;
  /** null when no HTTP answer arrived. */
  status: number | null;
  durationMs: number;
  /** 1 for the first try of a call, 2 for its first retry… */
  attempt: number;
  requestId?: string;
  /** A code such as `network` or `timeout` when no answer arrived. */
  errorCode?: string;
}

export function fileEntryOf(e: ApiLogEntry): ApiLogFileEntry {
  const host = hostOf(e.path);
  const errorCode = e.errorCode ?? (e.error === undefined ? undefined : e.error.split(':')[0]);
  return {
    time: new Date(e.at).toISOString(),
    plane: e.plane,
    method: e.method.toUpperCase(),
    route: routeTemplate(e.plane, e.path),
    ...(host === undefined ? {} : { host }),
    status: e.status,
    durationMs: Math.max(0, Math.round(e.ms)),
    attempt: e.retries + 1,
    ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
    ...(errorCode === undefined || !/^[a-z0-9-]{1,64}$/.test(errorCode) ? {} : { errorCode }),
  };
}

export interface ApiLogFileOptions {
  /** Largest size of api.log and of each rotated file. */
  maxBytes?: number;
  /** Rotated files kept (api.log.1 … api.log.N). */
  keep?: number;
  /** Longest time an entry waits in memory before it is written. */
  flushMs?: number;
  /** Buffered bytes that trigger a write at once. */
  flushBytes?: number;
}

const DEFAULTS = {
  maxBytes: 5 * 1024 * 1024,
  keep: 3,
  flushMs: 1000,
  flushBytes: 64 * 1024,
};

/** A lock older than this belongs to a process that died while holding it. */
const STALE_LOCK_MS = 10_000;
/** How long a flush waits for the lock before writing without it (never hang on a log). */
const LOCK_WAIT_MS = 3_000;

export class ApiLogFile {
  readonly file: string;
  private readonly lockFile: string;
  private readonly opts: typeof DEFAULTS;
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** Lines dropped because the disk refused them (for tests and diagnostics). */
  dropped = 0;

  constructor(
    readonly dir: string,
    opts: ApiLogFileOptions = {},
  ) {
    this.file = path.join(dir, API_LOG_FILE);
    this.lockFile = `${this.file}.lock`;
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Queues one entry; cheap and synchronous (the write happens later). */
  append(entry: ApiLogEntry): void {
    if (this.closed) return;
    const line = `${JSON.stringify(fileEntryOf(entry))}\n`;
    this.buffer.push(line);
    this.bufferedBytes += Buffer.byteLength(line);
    if (this.bufferedBytes >= this.opts.flushBytes) void this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.opts.flushMs);
      this.timer.unref();
    }
  }

  /** The sink to hand to ApiLog / createEngineDeps. */
  readonly sink = (entry: ApiLogEntry): void => this.append(entry);

  /** Writes what is buffered; resolves when it is on disk (or dropped after an error). */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const lines = this.buffer;
    if (lines.length === 0) return this.chain;
    this.buffer = [];
    this.bufferedBytes = 0;
    this.chain = this.chain.then(() =>
      this.write(lines).catch(() => {
        this.dropped += lines.length;
      }),
    );
    return this.chain;
  }

  /** Writes what is left; entries that arrive while it runs are written too, later ones dropped. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.flush();
  }

  private async write(lines: string[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Batches no bigger than the cap, so one write never overfills a file by itself.
    for (const batch of batches(lines, this.opts.maxBytes)) {
      const locked = await this.lock();
      try {
        const size = (await stat(this.file).catch(() => undefined))?.size ?? 0;
        if (size > 0 && size + batch.length > this.opts.maxBytes) await this.rotate();
        await appendWhole(this.file, batch);
      } finally {
        if (locked) await unlink(this.lockFile).catch(() => undefined);
      }
    }
  }

  private async rotate(): Promise<void> {
    const { keep } = this.opts;
    await unlink(`${this.file}.${keep}`).catch(() => undefined);
    for (let i = keep - 1; i >= 1; i--)
      await rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch(() => undefined);
    if (keep >= 1) await rename(this.file, `${this.file}.1`).catch(() => undefined);
    else await unlink(this.file).catch(() => undefined);
  }

  /** Takes the cross-process lock; false when it could not (the write goes ahead anyway). */
  private async lock(): Promise<boolean> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const h = await open(this.lockFile, 'wx', 0o600);
        await h.writeFile(String(process.pid));
        await h.close();
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
        const st = await stat(this.lockFile).catch(() => undefined);
        if (st !== undefined && Date.now() - st.mtimeMs > STALE_LOCK_MS) {
          await unlink(this.lockFile).catch(() => undefined);
          continue;
        }
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      }
    }
  }
}

function batches(lines: string[], maxBytes: number): Buffer[] {
  const out: Buffer[] = [];
  let current: Buffer[] = [];
  let size = 0;
  for (const line of lines) {
    const b = Buffer.from(line, 'utf8');
    if (size > 0 && size + b.length > maxBytes) {
      out.push(Buffer.concat(current));
      current = [];
      size = 0;
    }
    current.push(b);
    size += b.length;
  }
  if (size > 0) out.push(Buffer.concat(current));
  return out;
}

/** One O_APPEND write of whole lines; a short write is finished from where it stopped. */
async function appendWhole(file: string, data: Buffer): Promise<void> {
  let h: FileHandle | undefined;
  try {
    h = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    let off = 0;
    while (off < data.length) {
      const { bytesWritten } = await h.write(data, off, data.length - off);
      off += bytesWritten;
    }
  } finally {
    await h?.close();
  }
}

/** The newest `count` entries of api.log and its rotated files, oldest first. */
export async function readApiLog(
  dir: string,
  count: number,
  keep = DEFAULTS.keep,
): Promise<ApiLogFileEntry[]> {
  const out: ApiLogFileEntry[] = [];
  const names = [
    API_LOG_FILE,
    ...Array.from({ length: keep }, (_, i) => `${API_LOG_FILE}.${i + 1}`),
  ];
  for (const name of names) {
    if (out.length >= count) break;
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const parsed: ApiLogFileEntry[] = [];
    for (const l of lines) {
      try {
        parsed.push(JSON.parse(l) as ApiLogFileEntry);
      } catch {
        // A torn last line of a crashed writer: skip it.
      }
    }
    out.unshift(...parsed.slice(-(count - out.length)));
  }
  return out.slice(-count);
}
