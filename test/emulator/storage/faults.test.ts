import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultController, routeMatches } from '../faults';
import { createRequestLog } from '../request-log';
import type { FaultRule, RequestLogEntry } from '../types';
import {
  createUpload,
  MiB,
  putPart,
  randomBuffer,
  send,
  sha256,
  startTestStorage,
} from './helpers';
import type { TestStorage } from './helpers';

describe('fault controller', () => {
  it('repeats the same decisions for the same seed and differs for another', () => {
    const rules: FaultRule[] = [
      { route: 'storage:*', rate: 0.5, action: { kind: 'status', status: 503 } },
    ];
    const run = (seed: number): boolean[] => {
      const f = createFaultController({ seed, rules });
      return Array.from({ length: 64 }, () => f.decide('storage', 'uploadPart').length > 0);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(run(7).filter(Boolean).length).toBeGreaterThan(10);
  });

  it('matches *, prefixes and exact names, honours count and fires one decision per kind', () => {
    expect(routeMatches('*', 'api', 'createPackage')).toBe(true);
    expect(routeMatches('storage:*', 'storage', 'uploadPart')).toBe(true);
    expect(routeMatches('storage:*', 'api', 'uploadPart')).toBe(false);
    expect(routeMatches('storage:upload*', 'storage', 'storage:uploadPart')).toBe(true);
    expect(routeMatches('storage:uploadPart', 'storage', 'getObject')).toBe(false);
    const f = createFaultController({
      rules: [
        { route: 'storage:uploadPart', rate: 1, count: 2, action: { kind: 'status', status: 500 } },
        { route: '*', rate: 1, action: { kind: 'status', status: 502 } },
        { route: '*', rate: 1, action: { kind: 'latency', ms: 1 } },
        { route: '*', rate: 1, action: { kind: 'expire' } },
      ],
    });
    const kinds = (plane: 'api' | 'storage', route: string): string[] =>
      f
        .decide(plane, route)
        .map((d) => (d.action.kind === 'status' ? `status${d.action.status}` : d.action.kind));
    expect(kinds('storage', 'uploadPart')).toEqual(['status500', 'latency', 'expire']);
    expect(kinds('storage', 'uploadPart')).toEqual(['status500', 'latency', 'expire']);
    expect(kinds('storage', 'uploadPart')).toEqual(['status502', 'latency', 'expire']);
    // expire is a storage-only action.
    expect(kinds('api', 'createPackage')).toEqual(['status502', 'latency']);
    f.clear();
    expect(f.decide('storage', 'uploadPart')).toEqual([]);
    expect(f.config()).toMatchObject({
      seed: 1,
      bandwidthBytesPerSecond: 0,
      urlLifetimeSeconds: 3600,
      rules: [],
    });
  });

  it('fires an `every` rule on each n-th matching request and draws nothing for it', () => {
    const f = createFaultController({
      seed: 3,
      rules: [
        { route: 'storage:uploadPart', every: 3, action: { kind: 'reset', afterBytes: 0 } },
        { route: 'storage:uploadPart', every: 2, count: 2, action: { kind: 'expire' } },
      ],
    });
    const fired = Array.from({ length: 9 }, (_, i) => {
      // Requests on other routes do not advance the stride.
      if (i % 2 === 0) expect(f.decide('storage', 'getObject')).toEqual([]);
      return f
        .decide('storage', 'uploadPart')
        .map((d) => d.action.kind)
        .join('+');
    });
    expect(fired).toEqual(['', 'expire', 'reset', 'expire', '', 'reset', '', '', 'reset']);
  });

  it('keeps a bounded request log, newest last', () => {
    const log = createRequestLog(3);
    for (let i = 0; i < 5; i++)
      log.push({ plane: 'api', route: `r${i}`, method: 'GET', status: 200, bytes: 0, at: i });
    expect(log.entries().map((e) => e.route)).toEqual(['r2', 'r3', 'r4']);
    log.clear();
    expect(log.entries()).toEqual([]);
  });
});

describe('storage fault injection', () => {
  let s: TestStorage;
  afterEach(async () => s.close());
  const last = (route: string): RequestLogEntry | undefined =>
    s.log
      .entries()
      .filter((e) => e.route === route)
      .at(-1);
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

  it('cuts an upload after N request bytes and stores nothing for that part', async () => {
    s = await startTestStorage({
      faults: {
        rules: [
          {
            route: 'storage:uploadPart',
            rate: 1,
            count: 1,
            action: { kind: 'reset', afterBytes: 64 * 1024 },
          },
        ],
      },
    });
    const uploadId = await createUpload(s, 'k');
    await expect(putPart(s, 'k', uploadId, 1, randomBuffer(4 * MiB))).rejects.toThrow();
    expect(await s.server.backend.listParts(uploadId)).toEqual([]);
    await settle();
    expect(last('storage:uploadPart')).toMatchObject({
      fault: 'reset',
      status: 0,
      uploadId,
      partNumber: 1,
    });
    expect(last('storage:uploadPart')!.bytes).toBeLessThanOrEqual(64 * 1024);
    // count: 1 — the retry goes through.
    const body = randomBuffer(MiB);
    await putPart(s, 'k', uploadId, 1, body);
    expect((await s.server.backend.listParts(uploadId))[0]?.size).toBe(MiB);
  });

  it('cuts a download after exactly N response bytes', async () => {
    s = await startTestStorage();
    const data = randomBuffer(3 * MiB);
    await s.server.backend.putObject('obj', data);
    s.faults.addRule({
      route: 'storage:getObject',
      rate: 1,
      action: { kind: 'reset', afterBytes: 100_000 },
    });
    const { url } = s.server.backend.presignGetObject('obj');
    const received = await new Promise<{ bytes: Buffer; complete: boolean }>((resolve) => {
      get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => undefined);
        res.on('close', () => resolve({ bytes: Buffer.concat(chunks), complete: res.complete }));
      });
    });
    expect(received.complete).toBe(false);
    expect(received.bytes.length).toBe(100_000);
    expect(received.bytes.equals(data.subarray(0, 100_000))).toBe(true);
  });

  it('answers status, throttle and expire faults in S3 XML and ignores Range on request', async () => {
    s = await startTestStorage({ faults: { seed: 42 } });
    await s.server.backend.putObject('obj', Buffer.from('0123456789'));
    const { url } = s.server.backend.presignGetObject('obj');
    s.faults.update({
      rules: [
        { route: 'storage:getObject', rate: 1, count: 1, action: { kind: 'status', status: 503 } },
      ],
    });
    const r503 = await send('GET', url);
    expect(r503.status).toBe(503);
    expect(r503.body.toString()).toContain('<Code>ServiceUnavailable</Code>');
    s.faults.update({
      rules: [
        {
          route: 'storage:*',
          rate: 1,
          count: 1,
          action: { kind: 'throttle', retryAfterSeconds: 3 },
        },
      ],
    });
    const slow = await send('GET', url);
    expect(slow.status).toBe(503);
    expect(slow.headers['retry-after']).toBe('3');
    expect(slow.body.toString()).toContain('<Code>SlowDown</Code>');
    s.faults.update({
      rules: [{ route: 'storage:getObject', rate: 1, count: 1, action: { kind: 'expire' } }],
    });
    const expired = await send('GET', url);
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toContain('Request has expired');
    s.faults.update({
      rules: [{ route: 'storage:getObject', rate: 1, count: 1, action: { kind: 'ignoreRange' } }],
    });
    const whole = await send('GET', url, { headers: { range: 'bytes=2-4' } });
    expect(whole.status).toBe(200);
    expect(whole.body.toString()).toBe('0123456789');
    const ranged = await send('GET', url, { headers: { range: 'bytes=2-4' } });
    expect(ranged.status).toBe(206);
    expect(ranged.body.toString()).toBe('234');
    await settle();
    const faults = s.log.entries().map((e) => e.fault);
    expect(faults).toEqual(['status', 'throttle', 'expire', 'ignoreRange', undefined]);
    expect(s.log.entries()[3]).toMatchObject({
      route: 'storage:getObject',
      status: 200,
      range: 'bytes=2-4',
      bytes: 10,
    });
  });

  it('still moves correct bytes under latency and a bandwidth cap', async () => {
    s = await startTestStorage({
      faults: {
        bandwidthBytesPerSecond: 4 * MiB,
        rules: [{ route: '*', rate: 1, action: { kind: 'latency', ms: 30 } }],
      },
    });
    const data = randomBuffer(MiB);
    const uploadId = await createUpload(s, 'slow');
    const etag = await putPart(s, 'slow', uploadId, 1, data);
    await s.server.backend.completeMultipart('slow', uploadId, [{ partNumber: 1, etag }], {
      minPartSize: 5 * MiB,
    });
    const res = await send('GET', s.server.backend.presignGetObject('slow').url);
    expect(sha256(res.body)).toBe(sha256(data));
    await settle();
    expect(s.log.entries().every((e) => e.fault === 'latency')).toBe(true);
  });
});
