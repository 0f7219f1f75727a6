// Runs fn over items with a fixed number of lanes; the first failure stops the other lanes
// (their signal aborts) and is what the caller sees. The shared WorkPool still bounds the
// requests themselves: lanes only bound how many files are open at once.
import { abortedError } from '../../masv/errors';

export async function runEach<T>(
  items: readonly T[],
  lanes: number,
  signal: AbortSignal,
  fn: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const local = new AbortController();
  const both = AbortSignal.any([signal, local.signal]);
  let failure: unknown;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (failure === undefined) {
      const item = items[next++];
      if (item === undefined) return;
      try {
        await fn(item, both);
      } catch (e) {
        failure ??= e;
        local.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(items.length, lanes)) }, lane));
  if (failure !== undefined) throw signal.aborted ? abortedError() : (failure as Error);
}
