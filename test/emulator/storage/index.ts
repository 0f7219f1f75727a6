// The storage plane: an S3-compatible subset (path-style `/<bucket>/<key>`) that the control plane
// hands pre-signed URLs for, and that standard S3 clients (rclone, aws-cli) can talk to directly.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type {
  Blueprint,
  FaultController,
  RequestLog,
  S3Credentials,
  StorageBackend,
} from '../types';
import { StorageError } from '../types';
import { createHandler } from './handler';
import { canonicalPath, presignQuery, SigV4Verifier } from './sigv4';
import type { Query } from './sigv4';
import { bytesNotKept, ObjectStore } from './store';
import type { StorageMode } from './store';

export interface StorageOptions {
  dataDir: string;
  mode: StorageMode;
  /** Origin clients reach storage at (e.g. http://127.0.0.1:8481); read at every signing. */
  publicUrl: () => string;
  /** The first entry signs issued URLs; all are accepted for SigV4 header auth. */
  credentials: S3Credentials[];
  faults: FaultController;
  log: RequestLog;
  bucket?: string;
}

export type Storage = StorageBackend & {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Settles once metadata from an earlier run on the same dataDir is loaded. */
  ready: Promise<void>;
};

export const DEFAULT_BUCKET = 'masv-emulator';

export function createStorage(opts: StorageOptions): Storage {
  const bucket = opts.bucket ?? DEFAULT_BUCKET;
  const signer = opts.credentials[0];
  if (!signer) throw new Error('createStorage needs at least one S3 credential');
  const store = new ObjectStore(opts.dataDir, opts.mode);
  const ready = store.load();
  // Failures surface to whoever awaits `ready` or calls an operation; never as an unhandled rejection.
  ready.catch(() => undefined);
  const handler = createHandler({
    store,
    bucket,
    verifier: new SigV4Verifier(opts.credentials),
    faults: opts.faults,
    log: opts.log,
    publicUrl: opts.publicUrl,
  });

  const presign = (method: string, key: string, query: Query): { url: string; expiry: Date } => {
    const base = opts.publicUrl().replace(/\/+$/, '');
    const expiresIn = opts.faults.config().urlLifetimeSeconds;
    const date = new Date();
    const path = canonicalPath(bucket, key);
    const qs = presignQuery(signer, {
      method,
      host: new URL(base).host,
      path,
      query,
      expiresIn,
      date,
    });
    return { url: `${base}${path}?${qs}`, expiry: new Date(date.getTime() + expiresIn * 1000) };
  };
  const blueprint = (method: string, key: string, query: Query): Blueprint => ({
    method,
    url: presign(method, key, query).url,
    headers: {},
  });

  return {
    bucket,
    ready,
    handle(req, res) {
      ready.then(
        () => handler(req, res),
        (e: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`storage failed to load: ${String(e)}`);
        },
      );
    },
    presignCreateMultipart: (key) => blueprint('POST', key, { uploads: '' }),
    presignUploadPart: (key, uploadId, partNumber) =>
      blueprint('PUT', key, { partNumber: String(partNumber), uploadId }),
    presignGetObject(key, o = {}) {
      const query: Query = {};
      if (o.downloadName !== undefined) {
        const ascii = o.downloadName.replace(/[^\x20-\x7e]|["\\]/g, '_');
        query['response-content-disposition'] =
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(o.downloadName)}`;
      }
      return presign('GET', key, query);
    },
    async hasUpload(key, uploadId) {
      await ready;
      return store.getUpload(uploadId)?.key === key;
    },
    async listParts(uploadId) {
      await ready;
      return store.listParts(uploadId);
    },
    async completeMultipart(key, uploadId, parts, { minPartSize }) {
      await ready;
      return store.complete(key, uploadId, parts, minPartSize);
    },
    async abortMultipart(uploadId) {
      await ready;
      await store.abort(uploadId);
    },
    async putObject(key, body) {
      await ready;
      return store.putObject(key, async (onChunk) => {
        if (Buffer.isBuffer(body)) return onChunk(body);
        for await (const chunk of body) {
          await onChunk(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        }
      });
    },
    async headObject(key) {
      await ready;
      const meta = store.getObject(key);
      return meta && store.info(meta);
    },
    async readObject(key) {
      await ready;
      const meta = store.getObject(key);
      if (!meta) throw new StorageError('NoSuchKey', `no object ${key}`);
      if (!meta.blob) throw bytesNotKept(store.mode);
      return Readable.from(store.read(meta), { objectMode: false });
    },
    async deleteObject(key) {
      await ready;
      await store.deleteObject(key);
    },
    async deletePrefix(prefix) {
      await ready;
      await store.deletePrefix(prefix);
    },
  };
}

export interface StorageServerOptions extends Omit<StorageOptions, 'publicUrl'> {
  /** Defaults to the server's own URL. */
  publicUrl?: () => string;
  /** 0 = chosen by the OS. The server listens on 127.0.0.1 only. */
  port: number;
  tls?: { certPem: string; keyPem: string };
}

export interface StorageServer {
  url: string;
  backend: Storage;
  close(): Promise<void>;
}

export async function startStorageServer(opts: StorageServerOptions): Promise<StorageServer> {
  let url = '';
  const backend = createStorage({ ...opts, publicUrl: opts.publicUrl ?? (() => url) });
  await backend.ready;
  const handler = (req: IncomingMessage, res: ServerResponse): void => backend.handle(req, res);
  // Large socket buffers cut per-chunk overhead at GB/s; no request timeout because a throttled
  // multi-gigabyte upload may legitimately take longer than Node's default 5 minutes.
  const serverOpts = { highWaterMark: 1024 * 1024, requestTimeout: 0, keepAliveTimeout: 30_000 };
  const server = opts.tls
    ? createHttpsServer({ ...serverOpts, cert: opts.tls.certPem, key: opts.tls.keyPem }, handler)
    : createHttpServer(serverOpts, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url,
    backend,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
