// With the service misbehaving — 5xx and mid-body resets on part PUTs, 429s on the API,
// expired part URLs — every upload still arrives byte-identical.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFile, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';

const MiB = 1024 * 1024;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('fault injection', () => {
  it('survives 5xx, resets, 429 and expired URLs with identical bytes', async () => {
    const dir = join(h.root, 'faulty');
    const expected = new Map<string, string>();
    for (let i = 0; i < 3; i++)
      expected.set(`faulty/big${i}.bin`, await makeFile(join(dir, `big${i}.bin`), 11 * MiB + i));
    for (let i = 0; i < 40; i++)
      expected.set(
        `faulty/small/s${i}.txt`,
        await makeFile(join(dir, 'small', `s${i}.txt`), 100 + i),
      );
    h.emu.faults.update({
      seed: 7,
      // Part PUT faults by stride, not by draw: which PUT draws which number depends on the order
      // concurrent requests arrive in, and a rare kind could otherwise miss a run entirely.
      rules: [
        { route: 'storage:uploadPart', every: 6, action: { kind: 'status', status: 503 } },
        {
          route: 'storage:uploadPart',
          every: 7,
          action: { kind: 'reset', afterBytes: 64 * 1024 },
        },
        { route: 'storage:uploadPart', every: 9, action: { kind: 'expire' } },
        { route: 'storage:createMultipart', rate: 0.1, action: { kind: 'status', status: 500 } },
        { route: 'api:*', rate: 0.08, action: { kind: 'throttle', retryAfterSeconds: 1 } },
        { route: 'api:chunkUrls', rate: 0.1, action: { kind: 'status', status: 502 } },
      ],
    });
    h.emu.requestLog.clear();
    const id = h.manager.startUpload({
      paths: [dir],
      name: 'faulty',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
      verifyEtags: true,
    });
    const snap = await h.manager.waitFor(id);
    const log = h.emu.requestLog.entries();
    h.emu.faults.clear();
    expect(snap.error, JSON.stringify(snap.error)).toBeUndefined();
    expect(snap.state).toBe('complete');
    // The faults really happened.
    const puts = log.filter((e) => e.route === 'storage:uploadPart');
    const faulted = puts.filter((e) => e.fault !== undefined);
    expect(faulted.length / puts.length).toBeGreaterThanOrEqual(0.1);
    expect(new Set(faulted.map((e) => e.fault))).toEqual(new Set(['status', 'reset', 'expire']));
    expect(log.some((e) => e.plane === 'api' && e.status === 429)).toBe(true);
    const stored = await storedFiles(h, snap.packageId!);
    expect(stored.size).toBe(expected.size);
    for (const [path, digest] of expected) expect(stored.get(path)?.sha256, path).toBe(digest);
    // Retries are visible in the client's own log, which never shows signatures.
    const apiLog = h.deps.apiLog.entries();
    expect(apiLog.some((e) => e.retries > 0)).toBe(true);
    expect(JSON.stringify(apiLog)).toContain('X-Amz-Signature=[redacted]');
    expect(JSON.stringify(apiLog)).not.toMatch(/X-Amz-Signature=[0-9a-f]/i);
    expect(JSON.stringify(apiLog)).not.toContain(h.emu.demo.apiKey);
    // Dozens of 1 s Retry-After waits and backoffs: on a loaded 2-core machine this can take
    // longer than the default 60 s without anything being wrong.
  }, 180_000);

  it('a failure that never clears ends the transfer after bounded retries, with a clear message', async () => {
    const src = join(h.root, 'fatal.bin');
    await makeFile(src, 1000);
    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'status', status: 500 } }],
    });
    const id = h.manager.startUpload({
      paths: [src],
      name: 'fatal',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    const snap = await h.manager.waitFor(id);
    h.emu.faults.clear();
    expect(snap.state).toBe('failed');
    expect(snap.error).toEqual({
      code: 'server-error',
      message: 'fatal.bin: MASV had a temporary problem',
    });
  });

  it('renews part URLs that are about to expire before using them', async () => {
    const src = join(h.root, 'short-urls.bin');
    const digest = await makeFile(src, 40 * MiB);
    h.emu.faults.update({
      urlLifetimeSeconds: 1,
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 500 } }],
    });
    h.emu.requestLog.clear();
    // Two parts at a time: the later waves start after the first batch of URLs has aged.
    h.manager.setConcurrency(2);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'short',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    const snap = await h.manager.waitFor(id);
    const log = h.emu.requestLog.entries();
    h.emu.faults.clear();
    h.manager.setConcurrency(4);
    expect(snap.error, JSON.stringify(snap.error)).toBeUndefined();
    expect((await storedFiles(h, snap.packageId!)).get('short-urls.bin')?.sha256).toBe(digest);
    // All 8 URLs fit one batch; with 1-second URLs and ~2 s of work, fresh ones were fetched.
    expect(log.filter((e) => e.route === 'api:chunkUrls').length).toBeGreaterThan(1);
  });
});
