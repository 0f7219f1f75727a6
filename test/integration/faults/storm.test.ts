// Faults from the local service for a whole transfer: mixed 5xx, resets (lost answers on the API,
// cut bodies on storage), 429 bursts with Retry-After, latency, a slow link, URLs that expire
// every two seconds and package tokens that expire every three. An upload and then a download
// of the same package each either complete or end in a clear error that a resume (faults gone)
// finishes; none hangs (each run is bounded), and every byte arrives intact.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferManager } from '../../../electron/engine/transfer-manager';
import type { TransferSnapshot } from '../../../shared/transfers';
import type { FaultConfig } from '../../emulator/types';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import { hashTree, tempDir } from '../download/helpers';
import { makeFile, startHarness } from '../upload/harness';
import type { Harness } from '../upload/harness';

const MiB = 1024 * 1024;
/** Long enough for the slow link and every Retry-After; a hang is anything beyond it. */
const RUN_BOUND_MS = 150_000;
/** `npm run soak` (MASV_SOAK=n): n rounds with other seeds and bigger files; CI runs one. */
const SOAK_ROUNDS = Math.max(1, Number(process.env.MASV_SOAK ?? '1') || 1);
const SCALE = SOAK_ROUNDS > 1 ? 4 : 1;

const STORM: Partial<FaultConfig> = {
  seed: 11,
  bandwidthBytesPerSecond: 8 * MiB,
  urlLifetimeSeconds: 2,
  rules: [
    // A burst of 429s on the first API calls, then scattered ones.
    { route: 'api:*', every: 1, count: 4, action: { kind: 'throttle', retryAfterSeconds: 1 } },
    { route: 'api:*', rate: 0.08, action: { kind: 'throttle', retryAfterSeconds: 1 } },
    { route: 'api:*', rate: 0.05, action: { kind: 'status', status: 502 } },
    // The API did the work, the answer is lost.
    { route: 'api:*', rate: 0.04, action: { kind: 'reset', afterBytes: 0 } },
    { route: 'storage:uploadPart', every: 5, action: { kind: 'status', status: 503 } },
    { route: 'storage:uploadPart', every: 7, action: { kind: 'reset', afterBytes: 256 * 1024 } },
    { route: 'storage:uploadPart', every: 9, action: { kind: 'throttle', retryAfterSeconds: 1 } },
    { route: 'storage:*', every: 11, action: { kind: 'expire' } },
    { route: 'storage:getObject', every: 5, action: { kind: 'status', status: 500 } },
    { route: 'storage:getObject', every: 7, action: { kind: 'reset', afterBytes: 128 * 1024 } },
    { route: '*', rate: 0.2, action: { kind: 'latency', ms: 40 } },
  ],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ emulator: { tokenLifetimeSeconds: 3 }, partConcurrency: 4 });
  h.manager.registerJobType(
    createDownloadJobFactory({ linkHosts: [new URL(h.emu.linkBaseUrl).host] }),
  );
});
afterAll(async () => {
  await h.close();
});

/** Waits for the transfer to rest, failing the test if it does not within the bound. */
async function settles(m: TransferManager, id: string): Promise<TransferSnapshot> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`transfer ${id} hung`)), RUN_BOUND_MS);
  });
  try {
    return await Promise.race([m.waitFor(id), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Under the storm: complete, or a clear error that a resume without faults completes. */
async function throughStorm(id: string): Promise<TransferSnapshot> {
  const snap = await settles(h.manager, id);
  if (snap.state === 'complete' && snap.failedFiles === undefined) return snap;
  expect(['failed', 'paused']).toContain(snap.state);
  expect(snap.error?.code, JSON.stringify(snap.error)).not.toBe('internal');
  expect(snap.error?.message.length).toBeGreaterThan(5);
  h.emu.faults.clear();
  h.manager.resume(id);
  const again = await settles(h.manager, id);
  expect(again.error, JSON.stringify(again.error)).toBeUndefined();
  return again;
}

describe('a storm of faults for a whole transfer', () => {
  it.each(Array.from({ length: SOAK_ROUNDS }, (_, i) => STORM.seed! + i))(
    'upload and download complete (or resume to completion) with every byte intact (seed %i)',
    async (seed) => {
      const storm = { ...STORM, seed };
      const src = join(h.root, `storm-${seed}`);
      const digests = new Map<string, string>();
      digests.set('big.bin', await makeFile(join(src, 'big.bin'), SCALE * 24 * MiB + 5));
      digests.set('mid.bin', await makeFile(join(src, 'mid.bin'), SCALE * 7 * MiB));
      for (let i = 0; i < 30 * SCALE; i++)
        digests.set(`small/s${i}.txt`, await makeFile(join(src, 'small', `s${i}.txt`), 100 + i));

      h.emu.faults.update(storm);
      h.emu.requestLog.clear();
      const up = h.manager.startUpload({
        paths: [src],
        name: `storm ${seed}`,
        target: { kind: 'team', teamId: h.emu.demo.teamId },
      });
      const uploaded = await throughStorm(up);
      expect(uploaded.state).toBe('complete');
      const upLog = h.emu.requestLog.entries();

      // The link is made outside the storm (it is set-up, not the transfer under test).
      h.emu.faults.clear();
      const pkg = await h.deps.client.getTeamPackage(h.emu.demo.teamId, uploaded.packageId!);
      const link = await h.deps.client.createLink(uploaded.packageId!, pkg.accessToken!);
      const dest = tempDir();
      h.emu.faults.update(storm);
      h.emu.requestLog.clear();
      const down = h.manager.startDownload({
        linkUrl: `${h.emu.linkBaseUrl}/${link.id}?secret=${link.secret}`,
        destination: dest,
        partSize: 4 * MiB,
      });
      const downloaded = await throughStorm(down);
      h.emu.faults.clear();
      expect(downloaded.state).toBe('complete');
      const got = hashTree(join(dest));
      expect(new Map([...got].map(([p, d]) => [p.replace(/^storm-\d+\//, ''), d]))).toEqual(
        digests,
      );

      // The storm really blew: every kind of fault hit, and expired tokens were refused.
      const log = [...upLog, ...h.emu.requestLog.entries()];
      const kinds = new Set(log.map((e) => e.fault).filter((k) => k !== undefined));
      for (const k of ['throttle', 'status', 'reset', 'latency', 'expire'])
        expect(kinds).toContain(k);
      expect(log.some((e) => e.plane === 'storage' && e.status === 403)).toBe(true);
      expect(log.some((e) => e.plane === 'api' && e.status === 401)).toBe(true);
    },
    400_000,
  );
});
