// Shared setup for the storage tests: a storage server on a fresh temp folder and small helpers.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { createFaultController } from '../faults';
import { createRequestLog } from '../request-log';
import type { FaultConfig, FaultController, RequestLog, S3Credentials } from '../types';
import { startStorageServer } from './index';
import type { StorageServer } from './index';

export const CREDS: S3Credentials = {
  accessKeyId: 'AKIAEMULATORTEST',
  secretAccessKey: 'emulator-secret-key',
  region: 'us-east-1',
};
export const MiB = 1024 * 1024;

export interface TestStorage {
  server: StorageServer;
  dataDir: string;
  faults: FaultController;
  log: RequestLog;
  close(): Promise<void>;
}

export async function tempDir(prefix = 'storage-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function startTestStorage(
  opts: {
    mode?: 'disk' | 'discard' | 'sink';
    faults?: Partial<FaultConfig>;
    dataDir?: string;
    tls?: { certPem: string; keyPem: string };
  } = {},
): Promise<TestStorage> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const faults = createFaultController(opts.faults);
  const log = createRequestLog();
  const server = await startStorageServer({
    dataDir,
    mode: opts.mode ?? 'disk',
    port: 0,
    credentials: [CREDS],
    faults,
    log,
    tls: opts.tls,
  });
  return {
    server,
    dataDir,
    faults,
    log,
    close: async () => {
      await server.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
export const md5Hex = (b: Buffer): string => createHash('md5').update(b).digest('hex');
export const randomBuffer = (n: number): Buffer => randomBytes(n);

export function uploadIdFrom(xml: string): string {
  const id = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1];
  if (!id) throw new Error(`no UploadId in ${xml}`);
  return id;
}

/** Runs a blueprint-shaped request and returns status, headers and the whole body. */
export async function send(
  method: string,
  url: string,
  opts: { headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}> {
  const res = await request(url, {
    method: method as 'GET',
    headers: opts.headers,
    body: opts.body,
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

/** Creates a multipart upload through the pre-signed create blueprint; returns its UploadId. */
export async function createUpload(s: TestStorage, key: string): Promise<string> {
  const bp = s.server.backend.presignCreateMultipart(key);
  const res = await send(bp.method, bp.url, { headers: bp.headers });
  if (res.status !== 200) throw new Error(`create failed ${res.status} ${res.body.toString()}`);
  return uploadIdFrom(res.body.toString());
}

export async function putPart(
  s: TestStorage,
  key: string,
  uploadId: string,
  n: number,
  body: Buffer,
): Promise<string> {
  const bp = s.server.backend.presignUploadPart(key, uploadId, n);
  const res = await send(bp.method, bp.url, { headers: bp.headers, body });
  if (res.status !== 200) throw new Error(`part ${n} failed ${res.status} ${res.body.toString()}`);
  return String(res.headers.etag);
}
