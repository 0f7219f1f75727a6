// Runs tasks concurrently (their own limits come from pools) and fails fast: the first error
// aborts the siblings through a shared signal, and is rethrown once all have settled, so
// nothing keeps running after the caller has moved on.
import { setMaxListeners } from 'node:events';
import { abortedError } from '../masv/errors';

export async function runAll<T>(
  items: readonly T[],
  fn: (item: T, signal: AbortSignal) => Promise<void>,
  parent: AbortSignal,
): Promise<void> {
  const ac = new AbortController();
  // Every queued task listens on this signal; thousands are normal, not a leak.
  setMaxListeners(0, ac.signal);
  const onAbort = (): void => ac.abort();
  if (parent.aborted) throw abortedError();
  parent.addEventListener('abort', onAbort, { once: true });
  let failed = false;
  let first: unknown;
  try {
    await Promise.all(
      items.map(async (item) => {
        try {
          await fn(item, ac.signal);
        } catch (e) {
          if (!failed) {
            failed = true;
            first = e;
            ac.abort();
          }
        }
      }),
    );
  } finally {
    parent.removeEventListener('abort', onAbort);
  }
  if (parent.aborted) throw abortedError();
  if (failed) throw first;
}
