// Pre-signed part URLs for one file, fetched in contiguous batches ahead of need and renewed
// when close to expiry. A 403 from storage invalidates a URL; the next get() fetches fresh ones.
import type { Blueprint } from '../../masv/client';
import { urlBatches } from '../chunk-plan';

export interface UrlSupplyOptions {
  /** Part numbers known to need uploading (ascending). */
  parts: readonly number[];
  batchSize: number;
  /**
   * For a part number beyond `parts` (a file's tail is cut into parts as they start): how many
   * parts from it on are likely needed, so its batch asks for no more URLs than that.
   */
  expectedFrom?: (partNumber: number) => number;
  /** Fetches blueprints for parts start+1 … start+count. */
  fetch: (start: number, count: number, signal?: AbortSignal) => Promise<Blueprint[]>;
  now: () => number;
  /** Renew a URL that expires sooner than this. */
  renewBeforeMs: number;
  /** Lifetime assumed when the URL does not carry X-Amz-Date/X-Amz-Expires. */
  assumedLifetimeMs: number;
}

interface Cached {
  bp: Blueprint;
  /** After this moment the URL is renewed before use. */
  renewAt: number;
}

interface Batch {
  start: number;
  count: number;
  parts: number[];
}

export class PartUrlSupply {
  private readonly cache = new Map<number, Cached>();
  private readonly batchOf = new Map<number, Batch>();
  private readonly inflight = new Map<Batch, Promise<void>>();
  private readonly batches: Batch[];
  /** Control calls made (for tests and logs). */
  fetches = 0;

  constructor(private readonly o: UrlSupplyOptions) {
    this.batches = urlBatches(o.parts, Math.max(1, o.batchSize));
    for (const b of this.batches) for (const p of b.parts) this.batchOf.set(p, b);
  }

  async get(partNumber: number, signal?: AbortSignal): Promise<Blueprint> {
    for (let i = 0; i < 3; i++) {
      const hit = this.cache.get(partNumber);
      if (hit && this.o.now() < hit.renewAt) {
        this.prefetchAfter(partNumber);
        return hit.bp;
      }
      await this.load(this.batchFor(partNumber), signal);
    }
    // Fresh URLs that are already near expiry: use what we have rather than loop forever.
    const last = this.cache.get(partNumber);
    if (last) return last.bp;
    throw new Error(`no URL for part ${partNumber}`);
  }

  /** Storage refused the URL (expired): forget it so the next get() fetches a new one. */
  invalidate(partNumber: number): void {
    this.cache.delete(partNumber);
  }

  /** Part done: its URL is no longer needed. */
  release(partNumber: number): void {
    this.cache.delete(partNumber);
  }

  private batchFor(partNumber: number): Batch {
    return this.batchOf.get(partNumber) ?? this.addBatch(partNumber);
  }

  /** A batch from `first` on, as long as the file is expected to need (at least one part). */
  private addBatch(first: number): Batch {
    const wanted = this.o.expectedFrom?.(first) ?? 1;
    const count = Math.max(1, Math.min(Math.max(1, this.o.batchSize), wanted));
    const b: Batch = { start: first - 1, count, parts: [] };
    for (let n = first; n < first + count; n++) {
      if (this.batchOf.has(n)) break;
      b.parts.push(n);
      this.batchOf.set(n, b);
    }
    b.count = b.parts.length;
    this.batches.push(b);
    return b;
  }

  /** When work reaches the second half of a batch, fetch the next batch in the background. */
  private prefetchAfter(partNumber: number): void {
    const b = this.batchOf.get(partNumber);
    if (!b) return;
    const pos = partNumber - 1 - b.start;
    if (pos < b.count / 2) return;
    const after = b.start + b.count + 1;
    let next = this.batches[this.batches.indexOf(b) + 1];
    if (!next && this.o.expectedFrom && !this.batchOf.has(after) && this.o.expectedFrom(after) > 0)
      next = this.addBatch(after);
    if (!next || this.inflight.has(next)) return;
    const first = next.parts[0];
    if (first !== undefined && this.cache.has(first)) return;
    this.load(next).catch(() => {
      // A failed prefetch is retried on demand by get().
    });
  }

  private load(b: Batch, signal?: AbortSignal): Promise<void> {
    const running = this.inflight.get(b);
    if (running) return running;
    const p = (async () => {
      this.fetches++;
      const bps = await this.o.fetch(b.start, b.count, signal);
      const fetchedAt = this.o.now();
      bps.forEach((bp, i) => {
        const expiresAt = urlExpiry(bp.url, fetchedAt, this.o.assumedLifetimeMs);
        // Short-lived URLs (tests, strict servers) get a proportional margin instead.
        const margin = Math.min(this.o.renewBeforeMs, Math.max(0, expiresAt - fetchedAt) / 4);
        this.cache.set(b.start + i + 1, { bp, renewAt: expiresAt - margin });
      });
    })().finally(() => this.inflight.delete(b));
    this.inflight.set(b, p);
    return p;
  }
}

/** Expiry of a pre-signed URL: SigV4 X-Amz-Date + X-Amz-Expires, SigV2 Expires, else assumed. */
export function urlExpiry(url: string, fetchedAt: number, assumedLifetimeMs: number): number {
  try {
    const q = new URL(url).searchParams;
    const date = q.get('X-Amz-Date');
    const expires = q.get('X-Amz-Expires');
    if (date && expires) {
      const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
      if (m) {
        const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
        // Clocks differ between us and the signer; never trust more than the URL's own lifetime.
        return Math.min(t + Number(expires) * 1000, fetchedAt + Number(expires) * 1000);
      }
    }
    const v2 = q.get('Expires');
    if (v2 && /^\d+$/.test(v2))
      return Math.min(Number(v2) * 1000, fetchedAt + assumedLifetimeMs * 4);
  } catch {
    // Unparsable URL: fall through to the assumption.
  }
  return fetchedAt + assumedLifetimeMs;
}
