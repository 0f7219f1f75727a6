// Sends a file's missing parts through the shared PUT pool. Each part's size is decided when it
// takes its slot (part-layout.ts, sized by adaptivePartSize from the stream rate measured so
// far), so a slow line gets parts that fit it from the first minutes on, and a fast one keeps
// big parts. A few lanes per file pull parts until none is left; every acknowledged part is
// journaled with its range before it counts.
import { adaptivePartSize } from '../chunk-plan';
import type { SpecLimits } from '../../masv/client';
import type { EngineDeps } from '../deps';
import { runAll } from '../run-all';
import type { PackageSession } from './package-session';
import type { PartLayout, PartRange } from './part-layout';
import { uploadPart } from './part-uploader';
import type { StreamRate } from './stream-rate';
import type { UploadFile, UploadRecord } from './upload-model';
import { PartUrlSupply } from './url-supply';

export interface SendPartsContext {
  deps: EngineDeps;
  session: PackageSession;
  verifyEtags: boolean;
  rate: StreamRate;
  limits: SpecLimits;
  record: (r: UploadRecord) => Promise<void>;
  onBytes: (f: UploadFile, n: number) => void;
  onPartDone: (f: UploadFile, length: number) => void;
}

/** The tail sizer of one file: the measured rate now, this file's cap, the server's limits. */
export function sizerFor(
  ctx: Pick<SendPartsContext, 'deps' | 'rate' | 'limits'>,
  f: UploadFile,
): (remaining: number, numbersLeft: number) => number {
  return (remaining, numbersLeft) =>
    adaptivePartSize({
      bytesPerSecond: ctx.rate.bytesPerSecond,
      targetMs: ctx.deps.settings.partTargetMs,
      cap: f.chunkSize,
      remaining,
      numbersLeft,
      limits: ctx.limits,
    });
}

export async function sendParts(
  ctx: SendPartsContext,
  f: UploadFile,
  layout: PartLayout,
  ids: { fileId: string; uploadId: string },
  signal: AbortSignal,
): Promise<void> {
  const { deps, session } = ctx;
  const sizer = sizerFor(ctx, f);
  // What a part would be now if the tail were long: for lane and URL batch counts only.
  const typical = (): number => Math.max(1, sizer(f.size, ctx.limits.maxChunkCount));
  const expected = layout.expectedParts(typical());
  const supply = new PartUrlSupply({
    parts: layout.upcomingNumbers(Math.min(deps.settings.urlBatchSize, expected)),
    batchSize: deps.settings.urlBatchSize,
    expectedFrom: (n) => layout.expectedLastNumber(typical()) - n + 1,
    fetch: (start, count, sig) =>
      session.call(
        (pkgId, token) =>
          deps.client.getPartUrls(pkgId, token, ids.fileId, ids.uploadId, start, count, sig),
        sig ?? signal,
      ),
    now: () => Date.now(),
    renewBeforeMs: deps.settings.urlRenewBeforeMs,
    assumedLifetimeMs: deps.settings.assumedUrlLifetimeMs,
  });
  const pctx = { deps, verifyEtags: ctx.verifyEtags, onBytes: ctx.onBytes, rate: ctx.rate };
  const lanes = Math.max(1, Math.min(deps.pool.concurrency, expected));
  await runAll(
    Array.from({ length: lanes }, (_, i) => i),
    async (_lane, sig) => {
      for (;;) {
        const upcoming = layout.peekNumber();
        if (upcoming === null) return;
        // The URL is fetched before the part takes a slot of the shared PUT pool: a slot held
        // through an API round trip idles a connection. With 20 ms of added latency per
        // request, 2,000 small files went at 180/s with the fetch inside the slot.
        await supply.get(upcoming, sig);
        const sent = await deps.pool.run(async () => {
          // Sized now, from the rate measured up to this moment.
          const part = layout.next(sizer);
          if (!part) return null;
          return { part, etag: await uploadPart(pctx, f, part, supply, sig) };
        }, sig);
        if (!sent) return;
        await acknowledge(ctx, f, sent.part, sent.etag);
        supply.release(sent.part.partNumber);
      }
    },
    signal,
  );
}

async function acknowledge(
  ctx: SendPartsContext,
  f: UploadFile,
  part: PartRange,
  etag: string,
): Promise<void> {
  ctx.onPartDone(f, part.length);
  await ctx.record({
    t: 'part',
    i: f.i,
    n: part.partNumber,
    e: etag,
    s: part.start,
    l: part.length,
  });
}
