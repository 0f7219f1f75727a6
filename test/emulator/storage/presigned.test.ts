import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { canonicalPath, presignQuery } from './sigv4';
import {
  CREDS,
  createUpload,
  md5Hex,
  MiB,
  putPart,
  randomBuffer,
  send,
  sha256,
  startTestStorage,
} from './helpers';
import type { TestStorage } from './helpers';

describe('storage: pre-signed multipart round trip', () => {
  let s: TestStorage;
  const key = 'packages/01TEST/files/clip 01 (final)+ü.mov';
  const part1 = randomBuffer(5 * MiB);
  const part2 = randomBuffer(MiB + 123);
  const whole = Buffer.concat([part1, part2]);

  beforeAll(async () => {
    s = await startTestStorage();
    const uploadId = await createUpload(s, key);
    expect(await s.server.backend.hasUpload(key, uploadId)).toBe(true);
    const [e2, e1] = await Promise.all([
      putPart(s, key, uploadId, 2, part2),
      putPart(s, key, uploadId, 1, part1),
    ]);
    expect(e1).toBe(`"${md5Hex(part1)}"`);
    expect(await s.server.backend.listParts(uploadId)).toEqual([
      { partNumber: 1, etag: e1, size: part1.length },
      { partNumber: 2, etag: e2, size: part2.length },
    ]);
    const info = await s.server.backend.completeMultipart(
      key,
      uploadId,
      [
        { partNumber: 1, etag: e1.replace(/"/g, '') },
        { partNumber: 2, etag: e2 },
      ],
      { minPartSize: 5 * MiB },
    );
    expect(info.size).toBe(whole.length);
    expect(info.etag).toMatch(/^"[0-9a-f]{32}-2"$/);
    // A repeated identical completion succeeds with the same object.
    const again = await s.server.backend.completeMultipart(
      key,
      uploadId,
      [
        { partNumber: 1, etag: e1 },
        { partNumber: 2, etag: e2 },
      ],
      { minPartSize: 5 * MiB },
    );
    expect(again.etag).toBe(info.etag);
    expect(await s.server.backend.hasUpload(key, uploadId)).toBe(false);
  });
  afterAll(async () => s.close());

  it('serves the completed object byte for byte', async () => {
    const { url, expiry } = s.server.backend.presignGetObject(key, { downloadName: 'clip 01.mov' });
    expect(expiry.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const res = await send('GET', url);
    expect(res.status).toBe(200);
    expect(sha256(res.body)).toBe(sha256(whole));
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-disposition']).toContain('clip 01.mov');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('ETag');
  });

  it('answers a range that spans both part files with 206 and Content-Range', async () => {
    const { url } = s.server.backend.presignGetObject(key);
    const start = 5 * MiB - 10;
    const res = await send('GET', url, { headers: { range: `bytes=${start}-${start + 99}` } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${start + 99}/${whole.length}`);
    expect(sha256(res.body)).toBe(sha256(whole.subarray(start, start + 100)));
    const suffix = await send('GET', url, { headers: { range: 'bytes=-7' } });
    expect(suffix.body.equals(whole.subarray(whole.length - 7))).toBe(true);
    const open = await send('GET', url, { headers: { range: `bytes=${whole.length - 5}-` } });
    expect(open.body.equals(whole.subarray(whole.length - 5))).toBe(true);
  });

  it('answers an unsatisfiable range with 416', async () => {
    const { url } = s.server.backend.presignGetObject(key);
    const res = await send('GET', url, { headers: { range: `bytes=${whole.length}-` } });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${whole.length}`);
    expect(res.body.toString()).toContain('<Code>InvalidRange</Code>');
  });

  it('reads objects programmatically (for zips) and heads them', async () => {
    const chunks: Buffer[] = [];
    for await (const c of await s.server.backend.readObject(key)) chunks.push(c as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(whole));
    expect((await s.server.backend.headObject(key))?.size).toBe(whole.length);
    expect(await s.server.backend.headObject('missing')).toBeUndefined();
  });

  it('rejects an expired URL with 403 Request has expired', async () => {
    s.faults.update({ urlLifetimeSeconds: 0 });
    const { url } = s.server.backend.presignGetObject(key);
    s.faults.update({ urlLifetimeSeconds: 3600 });
    await new Promise((r) => setTimeout(r, 5));
    const res = await send('GET', url);
    expect(res.status).toBe(403);
    expect(res.body.toString()).toContain('<Code>AccessDenied</Code>');
    expect(res.body.toString()).toContain('Request has expired');
  });

  it('rejects a tampered signature or a tampered signed parameter with SignatureDoesNotMatch', async () => {
    const { url } = s.server.backend.presignGetObject(key);
    const bad = url.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_, c: string) => `X-Amz-Signature=${c === 'a' ? 'b' : 'a'}`,
    );
    const res = await send('GET', bad);
    expect(res.status).toBe(403);
    expect(res.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const longer = await send('GET', url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=7200'));
    expect(longer.status).toBe(403);
    expect(longer.body.toString()).toContain('SignatureDoesNotMatch');
    const other = await send('GET', url.replace('/clip', '/clap'));
    expect(other.status).toBe(403);
    const unsigned = await send('GET', url.split('?')[0]!);
    expect(unsigned.status).toBe(403);
  });

  it('refuses a part for another key with the same upload id', async () => {
    const uploadId = await createUpload(s, 'a/one');
    const bp = s.server.backend.presignUploadPart('a/other', uploadId, 1);
    const res = await send(bp.method, bp.url, { body: Buffer.from('x') });
    expect(res.status).toBe(404);
    expect(res.body.toString()).toContain('NoSuchUpload');
  });

  it('validates completion: wrong ETag, order and too-small parts', async () => {
    const k = 'validate/me';
    const uploadId = await createUpload(s, k);
    const e1 = await putPart(s, k, uploadId, 1, Buffer.from('small'));
    const e2 = await putPart(s, k, uploadId, 2, Buffer.from('tail'));
    const b = s.server.backend;
    await expect(
      b.completeMultipart(k, uploadId, [{ partNumber: 1, etag: '"0000"' }], { minPartSize: 1 }),
    ).rejects.toMatchObject({ code: 'InvalidPart' });
    await expect(
      b.completeMultipart(
        k,
        uploadId,
        [
          { partNumber: 2, etag: e2 },
          { partNumber: 1, etag: e1 },
        ],
        { minPartSize: 1 },
      ),
    ).rejects.toMatchObject({ code: 'InvalidPartOrder' });
    await expect(
      b.completeMultipart(
        k,
        uploadId,
        [
          { partNumber: 1, etag: e1 },
          { partNumber: 2, etag: e2 },
        ],
        { minPartSize: 100 },
      ),
    ).rejects.toMatchObject({ code: 'EntityTooSmall' });
    const ok = await b.completeMultipart(
      k,
      uploadId,
      [
        { partNumber: 1, etag: e1 },
        { partNumber: 2, etag: e2 },
      ],
      { minPartSize: 5 },
    );
    expect(ok.size).toBe(9);
  });

  it('lets concurrent identical completions both succeed with the same object', async () => {
    const k = 'concurrent/complete';
    const uploadId = await createUpload(s, k);
    const etag = await putPart(s, k, uploadId, 1, randomBuffer(1000));
    const b = s.server.backend;
    const parts = [{ partNumber: 1, etag }];
    const [x, y] = await Promise.all([
      b.completeMultipart(k, uploadId, parts, { minPartSize: 5 * MiB }),
      b.completeMultipart(k, uploadId, parts, { minPartSize: 5 * MiB }),
    ]);
    expect(x).toEqual(y);
    await expect(
      b.completeMultipart(k, uploadId, [{ partNumber: 1, etag: '"ffff"' }], { minPartSize: 1 }),
    ).rejects.toMatchObject({
      code: 'NoSuchUpload',
    });
  });

  it('completes through the S3 XML body and answers CORS preflight', async () => {
    const k = 'xml/complete';
    const uploadId = await createUpload(s, k);
    const etag = await putPart(s, k, uploadId, 1, Buffer.from('hello world'));
    // The S3 route itself is normally reached with header auth; a pre-signed POST works the same.
    const base = s.server.url;
    const path = canonicalPath(s.server.backend.bucket, k);
    const qs = presignQuery(CREDS, {
      method: 'POST',
      host: new URL(base).host,
      path,
      query: { uploadId },
      expiresIn: 60,
    });
    const body = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag.replace(/"/g, '&quot;')}</ETag></Part></CompleteMultipartUpload>`;
    const res = await send('POST', `${base}${path}?${qs}`, { body });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toMatch(
      /<CompleteMultipartUploadResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/,
    );
    expect((await s.server.backend.headObject(k))?.size).toBe(11);
    const pre = await send('OPTIONS', `${base}${path}`, {
      headers: {
        origin: 'http://app.local',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers['access-control-allow-methods']).toContain('PUT');
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });

  it('issues exactly the URL @smithy/signature-v4 would presign', async () => {
    const date = new Date('2026-01-02T03:04:05Z');
    const path = canonicalPath('bkt', 'dir/a b+c~(1).bin');
    const ours = presignQuery(CREDS, {
      method: 'PUT',
      host: '127.0.0.1:9',
      path,
      query: { partNumber: '3', uploadId: 'abc_-' },
      expiresIn: 900,
      date,
    });
    const signer = new SignatureV4({
      credentials: CREDS,
      region: CREDS.region,
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
    });
    const lib = await signer.presign(
      {
        method: 'PUT',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 9,
        path,
        query: { partNumber: '3', uploadId: 'abc_-' },
        headers: { host: '127.0.0.1:9', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        signingDate: date,
        expiresIn: 900,
        unsignableHeaders: new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set(['x-amz-content-sha256']),
      },
    );
    expect(new URLSearchParams(ours).get('X-Amz-Signature')).toBe(lib.query?.['X-Amz-Signature']);
  });
});
