// Everything the engine needs comes in through one object, wired for real in main.ts and
// cli.ts (createEngineDeps) and by hand in tests.
import { DEFAULT_PART_CONCURRENCY } from '../../shared/schemas/settings';
import type { Dispatcher } from 'undici';
import { MasvClient } from '../masv/client';
import type { Credentials } from '../masv/client';
import { ApiLog, createDispatcher } from '../masv/http';
import type { ApiLogEntry } from '../masv/http';
import { BandwidthLimiter } from './bandwidth-limiter';
import { realClock } from './clock';
import { apiRetryOptions, DEFAULT_RETRY_POLICY } from '../masv/retry-policy';
import type { RetryPolicyOptions } from '../masv/retry-policy';
import type { Clock } from './clock';
import { processSecrets } from './journal-secrets';
import type { TransferSecrets } from './journal-secrets';
import { WorkPool } from './work-pool';
import { PartBufferPool } from './upload/part-buffer';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const noopLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const MiB = 1024 * 1024;

export interface EngineSettings {
  /** Largest part size for uploads (MASV's default is 100 MiB); slow lines get smaller ones. */
  chunkSize: number;
  /**
   * How long one upload part should take at the measured rate per stream: an interruption then
   * throws away at most about this much sending per stream (chunk-plan.ts adaptivePartSize).
   */
  partTargetMs: number;
  /** Attempts per part PUT/GET before the transfer fails. */
  partAttempts: number;
  /** No body bytes moving for this long = stalled: abort the request and retry. */
  stallTimeoutMs: number;
  /** Part URLs requested per control call. */
  urlBatchSize: number;
  /** A pre-signed URL closer than this to its expiry is renewed before use. */
  urlRenewBeforeMs: number;
  /** Assumed URL lifetime when the URL does not say (X-Amz-Expires). */
  assumedUrlLifetimeMs: number;
  /** Disk read size for part bodies. */
  readHighWaterMark: number;
  /** Journal records appended before the journal is rewritten compactly. */
  compactEvery: number;
  /** Backoff for part and storage retries. */
  retry: RetryPolicyOptions;
}

export const DEFAULT_SETTINGS: EngineSettings = {
  chunkSize: 100 * MiB,
  partTargetMs: 1000,
  partAttempts: 10,
  stallTimeoutMs: 60_000,
  urlBatchSize: 32,
  urlRenewBeforeMs: 5 * 60_000,
  assumedUrlLifetimeMs: 15 * 60_000,
  readHighWaterMark: 1 * MiB,
  compactEvery: 2000,
  retry: DEFAULT_RETRY_POLICY,
};

export interface EngineDeps {
  client: MasvClient;
  dispatcher: Dispatcher;
  apiLog: ApiLog;
  journalDir: string;
  /** Where journals put the secrets a resume needs (link secrets, package tokens). */
  secrets: TransferSecrets;
  clock: Clock;
  random: () => number;
  logger: Logger;
  uploadLimiter: BandwidthLimiter;
  downloadLimiter: BandwidthLimiter;
  /** Part transfers (PUT/GET of bytes), shared by every file of every transfer. */
  pool: WorkPool;
  /** API control calls (add file, create multipart, URLs, finalize), separately bounded. */
  controlPool: WorkPool;
  /** Recycled memory for small parts read whole (see part-buffer.ts). */
  partBuffers?: PartBufferPool;
  settings: EngineSettings;
}

export interface CreateEngineDepsOptions {
  apiUrl: string;
  journalDir: string;
  /** The keychain in the app and the CLI; in memory for this process when absent. */
  secrets?: TransferSecrets;
  credentials?: Credentials;
  /** PEM of an extra trusted CA (local service over TLS). */
  ca?: string;
  partConcurrency?: number;
  controlConcurrency?: number;
  uploadBytesPerSecond?: number | null;
  downloadBytesPerSecond?: number | null;
  logger?: Logger;
  /** Receives each redacted API log entry as it happens. */
  apiLogSink?: (entry: ApiLogEntry) => void;
  clock?: Clock;
  random?: () => number;
  settings?: Partial<EngineSettings>;
}

export function createEngineDeps(o: CreateEngineDepsOptions): EngineDeps {
  const clock = o.clock ?? realClock;
  const random = o.random ?? Math.random;
  const partConcurrency = o.partConcurrency ?? DEFAULT_PART_CONCURRENCY;
  // API calls and storage creates in flight. Each small file needs four of them in a row, so
  // with real network latency these, not the part PUTs, set the pace: with 20 ms added to every
  // request, 2,000 small files took 15 s at 12 and 7 s at 32 (rclone: 12 s).
  const controlConcurrency = o.controlConcurrency ?? 32;
  const dispatcher = createDispatcher({
    // Per origin: the API takes control calls, storage takes PUTs and creates.
    connections: partConcurrency + controlConcurrency + 4,
    ...(o.ca ? { ca: o.ca } : {}),
  });
  const settings: EngineSettings = { ...DEFAULT_SETTINGS, ...o.settings };
  const apiLog = new ApiLog(o.apiLogSink ? { sink: o.apiLogSink } : {});
  const client = new MasvClient({
    baseUrl: o.apiUrl,
    dispatcher,
    log: apiLog,
    ...(o.credentials ? { credentials: o.credentials } : {}),
    retry: apiRetryOptions({ sleep: clock.sleep, random, policy: settings.retry }),
  });
  return {
    client,
    dispatcher,
    apiLog,
    journalDir: o.journalDir,
    secrets: o.secrets ?? processSecrets(o.journalDir),
    clock,
    random,
    logger: o.logger ?? noopLogger,
    uploadLimiter: new BandwidthLimiter({ bytesPerSecond: o.uploadBytesPerSecond ?? null, clock }),
    downloadLimiter: new BandwidthLimiter({
      bytesPerSecond: o.downloadBytesPerSecond ?? null,
      clock,
    }),
    pool: new WorkPool(partConcurrency),
    controlPool: new WorkPool(controlConcurrency),
    partBuffers: new PartBufferPool(),
    settings,
  };
}
