// Moving body bytes under fault control: a per-connection bandwidth cap and "reset the connection
// after N bytes". Storage moves gigabytes through these (request bodies here, responses in
// storage/send-spans.ts), so the fast path (no cap, no reset) adds nothing but a counter per chunk.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Paces bytes on one connection; shared by every request on a keep-alive socket. */
export class ConnectionBucket {
  private nextFree = 0;

  /** Waits until `n` more bytes fit under `bytesPerSecond` (0 = no cap). */
  async take(n: number, bytesPerSecond: number): Promise<void> {
    if (bytesPerSecond <= 0) return;
    const now = performance.now();
    // A little slack keeps timer granularity from eating throughput at small caps.
    const start = Math.max(now - 50, this.nextFree);
    this.nextFree = start + (n / bytesPerSecond) * 1000;
    const wait = this.nextFree - now;
    if (wait > 1) await sleep(wait);
  }
}

const buckets = new WeakMap<Socket, ConnectionBucket>();

export function connectionBucket(socket: Socket): ConnectionBucket {
  let b = buckets.get(socket);
  if (!b) {
    b = new ConnectionBucket();
    buckets.set(socket, b);
  }
  return b;
}

export interface StreamLimits {
  /** Returns the current cap so a change applies to transfers already running. */
  bandwidth: () => number;
  resetAfterBytes?: number;
}

const CAP_LOOKUP_BYTES = 1024 * 1024;

/** Slices of at most this size are paced separately so a cap stays smooth. */
const PACE_SLICE = 64 * 1024;

export async function pace(bucket: ConnectionBucket, bytes: number, bps: number): Promise<void> {
  for (let done = 0; done < bytes; done += PACE_SLICE)
    await bucket.take(Math.min(PACE_SLICE, bytes - done), bps);
}

export class ConnectionReset extends Error {
  constructor(readonly afterBytes: number) {
    super(`connection reset after ${afterBytes} bytes (injected fault)`);
    this.name = 'ConnectionReset';
  }
}

/**
 * Reads a request body chunk by chunk into `onChunk` (which may return a promise for
 * backpressure). Returns the byte count; throws ConnectionReset after destroying the socket when
 * the reset limit is reached, so the client sees the connection drop mid-upload.
 */
export async function consumeRequest(
  req: IncomingMessage,
  limits: StreamLimits,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<number> {
  const bucket = connectionBucket(req.socket);
  const reset = limits.resetAfterBytes;
  let total = 0;
  // The cap is looked up again every MiB (and every chunk while one is set): a change still
  // applies to a running upload, without a config lookup per 64 KiB socket chunk.
  let bps = 0;
  let lookAt = 0;
  for await (const raw of req) {
    const chunk = raw as Buffer;
    if (bps > 0 || total >= lookAt) {
      bps = limits.bandwidth();
      lookAt = total + CAP_LOOKUP_BYTES;
    }
    if (bps > 0) await pace(bucket, chunk.length, bps);
    if (reset !== undefined && total + chunk.length >= reset) {
      const keep = chunk.subarray(0, Math.max(0, reset - total));
      if (keep.length) await onChunk(keep);
      req.socket.destroy();
      throw new ConnectionReset(reset);
    }
    total += chunk.length;
    const pending = onChunk(chunk);
    if (pending) await pending;
  }
  return total;
}
