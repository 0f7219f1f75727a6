// The request log tests read to check what clients actually sent (parts, ranges, retries).
// Bounded so a long benchmark cannot grow memory without limit.
import type { RequestLog, RequestLogEntry } from './types';

/** A ring buffer of the newest `max` entries; `entries()` returns them oldest first. */
export function createRequestLog(max = 100_000): RequestLog {
  const ring: RequestLogEntry[] = [];
  let start = 0;
  return {
    push(entry) {
      if (ring.length < max) {
        ring.push(entry);
        return;
      }
      ring[start] = entry;
      start = (start + 1) % max;
    },
    entries() {
      return start === 0 ? ring.slice() : [...ring.slice(start), ...ring.slice(0, start)];
    },
    clear() {
      ring.length = 0;
      start = 0;
    },
  };
}
