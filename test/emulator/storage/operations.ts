// The S3 operations behind the storage routes. Bodies stream through the fault-aware pumps in
// throttle.ts; nothing here buffers an object or a part.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultOutcome } from '../faults';
import { sendError } from '../faults';
import { consumeRequest } from '../throttle';
import { StorageError } from '../types';
import type { HandlerDeps, LogContext } from './handler';
import { decodeToken, listPage, listResult } from './list';
import type { ListParams } from './list';
import { firstParam, parseRange } from './request';
import type { StorageRoute, Target } from './request';
import { bytesNotKept } from './store';
import type { BodyFeed } from './store';
import { sendSpans } from './send-spans';
import {
  completeResult,
  initiateResult,
  listPartsResult,
  locationResult,
  parseCompleteBody,
} from './xml';

export interface OpContext {
  deps: HandlerDeps;
  req: IncomingMessage;
  res: ServerResponse;
  target: Target;
  ctx: LogContext;
  outcome: FaultOutcome;
  /** x-amz-content-sha256 as signed: a hex digest to check, UNSIGNED-PAYLOAD or STREAMING-…. */
  payloadHash: string;
}

/** S3's minimum size of every part but the last, enforced on CompleteMultipartUpload. */
export const S3_MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_XML_BODY = 4 * 1024 * 1024;

function sendXml(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The request body as a feed, with digest checks done before the store commits anything. The
 * sink mode checks no digest: it exists to measure clients without the storage's hashing cost.
 */
function bodyFeed(op: OpContext): { feed: BodyFeed; check?: (md5: Buffer) => void } {
  const { req, ctx, deps } = op;
  const sink = deps.store.mode === 'sink';
  const sha = !sink && /^[0-9a-f]{64}$/.test(op.payloadHash) ? createHash('sha256') : undefined;
  const limits = {
    bandwidth: () => deps.faults.config().bandwidthBytesPerSecond,
    resetAfterBytes: op.outcome.resetAfterBytes,
  };
  // rclone 1.60 and aws-cli 2.9 (the clients held against this) send plain bodies; refuse the
  // aws-chunked framing clearly rather than storing its chunk headers as object bytes.
  if (
    op.payloadHash.startsWith('STREAMING-') ||
    /aws-chunked/.test(header(req, 'content-encoding') ?? '')
  ) {
    throw new StorageError(
      'NotImplemented',
      'aws-chunked (STREAMING-*) payloads are not supported by this emulator.',
    );
  }
  const feed: BodyFeed = (onChunk) => {
    const count = (chunk: Buffer): void | Promise<void> => {
      ctx.bytes += chunk.length;
      sha?.update(chunk);
      return onChunk(chunk);
    };
    return consumeRequest(req, limits, count);
  };
  if (sink) return { feed };
  const check = (md5: Buffer): void => {
    const want = header(req, 'content-md5');
    if (want !== undefined && want !== md5.toString('base64')) {
      throw new StorageError(
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
      );
    }
    if (sha && sha.digest('hex') !== op.payloadHash) {
      throw new StorageError(
        'XAmzContentSHA256Mismatch',
        'The provided x-amz-content-sha256 header does not match what was computed.',
      );
    }
  };
  return { feed, check };
}

async function readSmallBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_XML_BODY)
      throw new StorageError('MaxMessageLengthExceeded', 'Your request was too big.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function uploadIdOf(op: OpContext): string {
  const id = firstParam(op.target.query, 'uploadId') ?? '';
  op.ctx.uploadId = id;
  return id;
}

function intParam(op: OpContext, name: string, fallback: number, min: number, max: number): number {
  const raw = firstParam(op.target.query, name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new StorageError('InvalidArgument', `${name} must be an integer >= ${min}.`);
  return Math.min(n, max);
}

export async function runOperation(route: StorageRoute, op: OpContext): Promise<void> {
  const { deps, req, res, target } = op;
  const { store } = deps;
  switch (route) {
    case 'createMultipart': {
      const uploadId = await store.createUpload(target.key, header(req, 'content-type'));
      op.ctx.uploadId = uploadId;
      return sendXml(res, initiateResult(deps.bucket, target.key, uploadId));
    }
    case 'uploadPart': {
      const uploadId = uploadIdOf(op);
      const n = Number(firstParam(target.query, 'partNumber'));
      if (!Number.isInteger(n) || n < 1 || n > 10_000) {
        throw new StorageError(
          'InvalidArgument',
          'Part number must be an integer between 1 and 10000, inclusive.',
        );
      }
      op.ctx.partNumber = n;
      const upload = store.getUpload(uploadId);
      if (!upload || upload.key !== target.key) {
        throw new StorageError('NoSuchUpload', 'The specified multipart upload does not exist.');
      }
      const { feed, check } = bodyFeed(op);
      const part = await store.uploadPart(uploadId, n, feed, check);
      res.writeHead(200, { ETag: part.etag, 'Content-Length': 0 });
      return void res.end();
    }
    case 'putObject': {
      const { feed, check } = bodyFeed(op);
      const info = await store.putObject(target.key, feed, {
        contentType: header(req, 'content-type'),
        check,
      });
      res.writeHead(200, { ETag: info.etag, 'Content-Length': 0 });
      return void res.end();
    }
    case 'completeMultipart': {
      const uploadId = uploadIdOf(op);
      const parts = parseCompleteBody(await readSmallBody(req));
      if (!parts)
        throw new StorageError('MalformedXML', 'The XML you provided was not well-formed.');
      const info = await store.complete(target.key, uploadId, parts, S3_MIN_PART_SIZE);
      const location = `${deps.publicUrl()}${target.canonicalPath}`;
      return sendXml(res, completeResult(location, deps.bucket, target.key, info.etag));
    }
    case 'abortMultipart': {
      if (!(await store.abort(uploadIdOf(op)))) {
        throw new StorageError('NoSuchUpload', 'The specified multipart upload does not exist.');
      }
      res.writeHead(204);
      return void res.end();
    }
    case 'listParts': {
      const uploadId = uploadIdOf(op);
      const upload = store.getUpload(uploadId);
      if (!upload || upload.key !== target.key) {
        throw new StorageError('NoSuchUpload', 'The specified multipart upload does not exist.');
      }
      const marker = intParam(op, 'part-number-marker', 0, 0, 10_000);
      const max = intParam(op, 'max-parts', 1000, 0, 1000);
      const dates = store.partDates(uploadId);
      const all = store.listParts(uploadId).filter((p) => p.partNumber > marker);
      const page = all
        .slice(0, max)
        .map((p) => ({ ...p, lastModified: dates.get(p.partNumber) ?? Date.now() }));
      return sendXml(
        res,
        listPartsResult(deps.bucket, target.key, uploadId, page, marker, max, all.length > max),
      );
    }
    case 'getObject':
    case 'headObject':
      return getObject(op, route === 'headObject');
    case 'deleteObject':
      await store.deleteObject(target.key);
      res.writeHead(204);
      return void res.end();
    case 'listObjects':
      return listObjects(op);
    case 'headBucket':
      res.writeHead(200, { 'x-amz-bucket-region': 'us-east-1', 'Content-Length': 0 });
      return void res.end();
    case 'getBucketLocation':
      return sendXml(res, locationResult());
    case 'createBucket':
      // The one bucket always exists; S3 answers a re-create by its owner in us-east-1 with 200.
      res.writeHead(200, { Location: `/${deps.bucket}`, 'Content-Length': 0 });
      return void res.end();
  }
}

async function getObject(op: OpContext, headOnly: boolean): Promise<void> {
  const { deps, req, res, target, ctx } = op;
  const meta = deps.store.getObject(target.key);
  if (!meta) {
    if (headOnly) {
      res.writeHead(404, { 'Content-Length': 0 });
      return void res.end();
    }
    throw new StorageError('NoSuchKey', 'The specified key does not exist.');
  }
  if (!headOnly && !meta.blob) throw bytesNotKept(deps.store.mode);
  const rangeHeader = header(req, 'range');
  if (rangeHeader !== undefined) ctx.range = rangeHeader;
  const range = op.outcome.ignoreRange ? undefined : parseRange(rangeHeader, meta.size);
  if (range === 'unsatisfiable') {
    return sendError(res, 'xml', 416, 'InvalidRange', 'The requested range is not satisfiable', {
      'Content-Range': `bytes */${meta.size}`,
    });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? meta.size - 1;
  const disposition = firstParam(target.query, 'response-content-disposition');
  res.writeHead(range ? 206 : 200, {
    'Content-Length': end - start + 1,
    'Content-Type':
      firstParam(target.query, 'response-content-type') ??
      meta.contentType ??
      'application/octet-stream',
    ETag: meta.etag,
    'Last-Modified': new Date(meta.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${meta.size}` } : {}),
    ...(disposition ? { 'Content-Disposition': disposition } : {}),
  });
  if (headOnly) return void res.end();
  const limits = {
    bandwidth: () => deps.faults.config().bandwidthBytesPerSecond,
    resetAfterBytes: op.outcome.resetAfterBytes,
  };
  try {
    ctx.bytes = 0;
    await sendSpans(deps.store.spans(meta, start, end), res, limits, (n) => (ctx.bytes += n));
  } catch {
    // The client went away or a part file vanished mid-read; the status is already sent.
    res.destroy();
  }
}

function listObjects(op: OpContext): void {
  const { deps, res, target } = op;
  const q = (k: string): string | undefined => firstParam(target.query, k);
  const v2 = q('list-type') === '2';
  const token = q('continuation-token');
  const params: ListParams = {
    v2,
    prefix: q('prefix') ?? '',
    delimiter: q('delimiter') ?? '',
    maxKeys: intParam(op, 'max-keys', 1000, 0, 1000),
    after: v2
      ? token !== undefined
        ? decodeToken(token)
        : (q('start-after') ?? '')
      : (q('marker') ?? ''),
    encodeUrl: q('encoding-type') === 'url',
    continuationToken: token,
    startAfter: q('start-after'),
  };
  const page = listPage(
    deps.store.sortedKeys(params.prefix),
    (k) => deps.store.getObject(k),
    params,
  );
  sendXml(res, listResult(deps.bucket, params, page));
}
