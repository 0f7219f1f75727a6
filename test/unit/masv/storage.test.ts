// The byte plane against a scripted S3-like server: UploadId parsing, ETags, 403 -> url-expired,
// 503 SlowDown -> rate-limited, ranges.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiLog, createDispatcher } from '../../../electron/masv/http';
import { StorageClient } from '../../../electron/masv/storage';

let handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;
let server: Server;
let base: string;
const dispatcher = createDispatcher();
const log = new ApiLog();
const storage = new StorageClient({ dispatcher, log });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await dispatcher.close();
  await new Promise((r) => server.close(r));
});

describe('StorageClient', () => {
  it('extracts the UploadId from namespaced XML', async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0"?><s3:InitiateMultipartUploadResult xmlns:s3="x"><s3:UploadId>UP-1.x</s3:UploadId></s3:InitiateMultipartUploadResult>',
      );
    };
    expect(
      await storage.createMultipart({ method: 'POST', url: `${base}/b/k?uploads`, headers: {} }),
    ).toBe('UP-1.x');
  });

  it('PUTs exactly the body with the blueprint headers and returns the ETag as sent', async () => {
    let got: { body: Buffer; headers: IncomingMessage['headers'] } | undefined;
    handler = (req, body, res) => {
      got = { body, headers: req.headers };
      res.writeHead(200, { etag: '"abc"' });
      res.end();
    };
    const etag = await storage.putPart(
      {
        method: 'PUT',
        url: `${base}/b/k?partNumber=1&X-Amz-Signature=sig`,
        headers: { 'x-amz-meta-a': 'v' },
      },
      Readable.from([Buffer.from('hello')]),
      5,
    );
    expect(etag).toBe('"abc"');
    expect(got?.body.toString()).toBe('hello');
    expect(got?.headers['content-length']).toBe('5');
    expect(got?.headers['x-amz-meta-a']).toBe('v');
    expect(got?.headers['content-type']).toBeUndefined();
    expect(log.entries().at(-1)?.path).toContain('X-Amz-Signature=[redacted]');
  });

  it.each([
    [
      403,
      '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
      {},
      'url-expired',
    ],
    [503, '<Error><Code>SlowDown</Code></Error>', { 'retry-after': '2' }, 'rate-limited'],
    [500, '<Error><Code>InternalError</Code></Error>', {}, 'server-error'],
    [400, '<Error><Code>RequestTimeout</Code></Error>', {}, 'timeout'],
    [404, '<Error><Code>NoSuchUpload</Code></Error>', {}, 'not-found'],
  ])('storage %i -> %s', async (status, xml, headers, code) => {
    handler = (_q, _b, res) => {
      res.writeHead(status, { 'content-type': 'application/xml', ...headers });
      res.end(xml);
    };
    const err = await storage
      .putPart(
        { method: 'PUT', url: `${base}/b/k`, headers: {} },
        Readable.from([Buffer.from('x')]),
        1,
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code });
    if (code === 'rate-limited') expect(err).toMatchObject({ retryAfterMs: 2000 });
  });

  it('asks for a byte range and reports the total size from Content-Range', async () => {
    handler = (req, _b, res) => {
      expect(req.headers.range).toBe('bytes=5-9');
      res.writeHead(206, { 'content-range': 'bytes 5-9/100', 'content-length': '5', etag: '"e"' });
      res.end('56789');
    };
    const r = await storage.getObjectRange(`${base}/b/k`, { start: 5, end: 9 });
    expect(r).toMatchObject({
      status: 206,
      size: 100,
      length: 5,
      etag: '"e"',
      contentRange: 'bytes 5-9/100',
    });
    expect(await r.body.text()).toBe('56789');
  });
});
