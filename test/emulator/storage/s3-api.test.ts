// The S3 surface that standard clients use with header auth: digests, listing, ListParts, abort.
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalPath, canonicalQuery } from './sigv4';
import type { Query } from './sigv4';
import { CREDS, send, startTestStorage } from './helpers';
import type { TestStorage } from './helpers';

const signer = new SignatureV4({
  credentials: CREDS,
  region: CREDS.region,
  service: 's3',
  sha256: Hash.bind(null, 'sha256'),
  uriEscapePath: false,
});

describe('storage: S3 API with SigV4 header auth', () => {
  let s: TestStorage;
  let host: string;
  const bucket = 'masv-emulator';

  /** Signs like an S3 SDK: x-amz-content-sha256 is the body's hex SHA-256 unless given. */
  async function s3(
    method: string,
    key: string | undefined,
    query: Query = {},
    body?: Buffer,
    extra: Record<string, string> = {},
  ) {
    const path = key === undefined ? `/${bucket}` : canonicalPath(bucket, key);
    const payload =
      extra['x-amz-content-sha256'] ??
      createHash('sha256')
        .update(body ?? Buffer.alloc(0))
        .digest('hex');
    const signed = await signer.sign({
      method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      path,
      query,
      headers: { host, ...extra, 'x-amz-content-sha256': payload },
    });
    const qs = canonicalQuery(query);
    return send(method, `${s.server.url}${path}${qs ? `?${qs}` : ''}`, {
      headers: signed.headers,
      body,
    });
  }

  beforeAll(async () => {
    s = await startTestStorage();
    host = new URL(s.server.url).host;
    for (const key of ['a/1', 'a/2', 'a/b/3', 'a/b/4', 'a/c/5', 'z'])
      await s.server.backend.putObject(key, Buffer.from(key));
  });
  afterAll(async () => s.close());

  it('accepts a signed PutObject and checks the payload hash and Content-MD5', async () => {
    const body = Buffer.from('signed body');
    const ok = await s3('PUT', 'put/one', {}, body, {
      'content-md5': createHash('md5').update(body).digest('base64'),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    const get = await s3('GET', 'put/one');
    expect(get.body.toString()).toBe('signed body');

    const wrongSha = await s3('PUT', 'put/two', {}, body, {
      'x-amz-content-sha256': 'a'.repeat(64),
    });
    expect(wrongSha.status).toBe(400);
    expect(wrongSha.body.toString()).toContain('XAmzContentSHA256Mismatch');
    const wrongMd5 = await s3('PUT', 'put/two', {}, body, {
      'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==',
    });
    expect(wrongMd5.status).toBe(400);
    expect(wrongMd5.body.toString()).toContain('BadDigest');
    expect((await s3('HEAD', 'put/two')).status).toBe(404);
    const unsigned = await s3('PUT', 'put/three', {}, body, {
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    });
    expect(unsigned.status).toBe(200);
  });

  it('rejects a wrong secret and an unknown access key', async () => {
    const bad = new SignatureV4({
      credentials: { ...CREDS, secretAccessKey: 'nope' },
      region: CREDS.region,
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    });
    const path = canonicalPath(bucket, 'z');
    const signed = await bad.sign({
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path,
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const res = await send('GET', `${s.server.url}${path}`, { headers: signed.headers });
    expect(res.status).toBe(403);
    expect(res.body.toString()).toContain('SignatureDoesNotMatch');
    const other = new SignatureV4({
      credentials: { accessKeyId: 'UNKNOWN', secretAccessKey: 'x' },
      region: 'us-east-1',
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    });
    const s2 = await other.sign({
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path,
      headers: { host },
    });
    const res2 = await send('GET', `${s.server.url}${path}`, { headers: s2.headers });
    expect(res2.body.toString()).toContain('InvalidAccessKeyId');
  });

  it('lists with prefix, delimiter, max-keys and continuation tokens (V2)', async () => {
    const keysOf = (xml: string): string[] =>
      [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
    const prefixesOf = (xml: string): string[] =>
      [...xml.matchAll(/<Prefix>([^<]+)<\/Prefix>/g)].map((m) => m[1]!);
    const first = (
      await s3('GET', undefined, {
        'list-type': '2',
        prefix: 'a/',
        delimiter: '/',
        'max-keys': '3',
      })
    ).body.toString();
    expect(keysOf(first)).toEqual(['a/1', 'a/2']);
    expect(prefixesOf(first)).toEqual(['a/', 'a/b/']);
    expect(first).toContain('<IsTruncated>true</IsTruncated>');
    const token = /<NextContinuationToken>([^<]+)</.exec(first)![1]!;
    const second = (
      await s3('GET', undefined, {
        'list-type': '2',
        prefix: 'a/',
        delimiter: '/',
        'max-keys': '3',
        'continuation-token': token,
      })
    ).body.toString();
    expect(keysOf(second)).toEqual([]);
    expect(prefixesOf(second)).toEqual(['a/', 'a/c/']);
    expect(second).toContain('<IsTruncated>false</IsTruncated>');
    const all = (await s3('GET', undefined, { 'list-type': '2' })).body.toString();
    expect(keysOf(all)).toEqual(expect.arrayContaining(['a/1', 'a/b/3', 'z', 'put/one']));
    // V1 with a marker, as rclone uses for "Other" providers.
    const v1 = (await s3('GET', undefined, { marker: 'a/b/4', 'max-keys': '2' })).body.toString();
    expect(keysOf(v1)).toEqual(['a/c/5', 'put/one']);
    expect(v1).toContain('<NextMarker>put/one</NextMarker>');
  });

  it('creates, lists parts of and aborts an upload over the S3 API', async () => {
    const created = await s3('POST', 'mp/x', { uploads: '' });
    expect(created.headers['content-type']).toBe('application/xml');
    const uploadId = /<UploadId>([^<]+)</.exec(created.body.toString())![1]!;
    for (const n of [1, 2, 3])
      expect(
        (await s3('PUT', 'mp/x', { partNumber: String(n), uploadId }, Buffer.from(`part${n}`)))
          .status,
      ).toBe(200);
    const page = (await s3('GET', 'mp/x', { uploadId, 'max-parts': '2' })).body.toString();
    expect([...page.matchAll(/<PartNumber>(\d+)</g)].map((m) => m[1])).toEqual(['1', '2']);
    expect(page).toContain('<IsTruncated>true</IsTruncated>');
    expect(page).toContain('<Size>5</Size>');
    expect((await s3('DELETE', 'mp/x', { uploadId })).status).toBe(204);
    expect((await s3('DELETE', 'mp/x', { uploadId })).status).toBe(404);
    const afterAbort = await s3('PUT', 'mp/x', { partNumber: '4', uploadId }, Buffer.from('late'));
    expect(afterAbort.body.toString()).toContain('NoSuchUpload');
  });

  it('answers bucket-level probes and unknown buckets', async () => {
    expect((await s3('HEAD', undefined)).status).toBe(200);
    expect((await s3('GET', undefined, { location: '' })).body.toString()).toContain(
      '<LocationConstraint',
    );
    const res = await send('GET', `${s.server.url}/other-bucket/key`);
    expect(res.status).toBe(404);
    expect(res.body.toString()).toContain('NoSuchBucket');
    const del = await s3('DELETE', 'z');
    expect(del.status).toBe(204);
    expect((await s3('GET', 'z')).body.toString()).toContain('NoSuchKey');
  });
});
