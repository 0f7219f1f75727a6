// Any process warning during a test fails that test. A MaxListenersExceededWarning means an
// abort (or other) listener is added per request and never removed: in a long transfer that is a
// leak, not noise, so it must not scroll past in the output.
import { afterAll, afterEach } from 'vitest';

const KEY = Symbol.for('masv.test.warnings');
type Store = { seen: Error[]; listener: (w: Error) => void };
const g = globalThis as typeof globalThis & { [KEY]?: Store };

/** One listener per process, however many test files this worker runs. */
function store(): Store {
  let s = g[KEY];
  if (s === undefined) {
    const seen: Error[] = [];
    const created: Store = { seen, listener: (w) => seen.push(w) };
    process.on('warning', created.listener);
    g[KEY] = created;
    s = created;
  }
  return s;
}

/** Throws (and forgets them) when warnings were emitted since the last call. */
export async function failOnWarnings(): Promise<void> {
  // process.emitWarning delivers on the next tick; let those arrive first.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const seen = store().seen.splice(0);
  if (seen.length === 0) return;
  const text = seen.map((w) => `${w.name}: ${w.message}\n${w.stack ?? ''}`).join('\n\n');
  throw new Error(`${seen.length} process warning(s) during this test:\n${text}`);
}

/** Runs fn with Node's own warning printer detached (for a test that warns on purpose). */
export async function withoutPrinting(fn: () => Promise<void>): Promise<void> {
  const ours = store().listener;
  const printers = process.listeners('warning').filter((l) => l !== ours);
  for (const l of printers) process.off('warning', l);
  try {
    await fn();
  } finally {
    for (const l of printers) process.on('warning', l);
  }
}

store();
afterEach(failOnWarnings);
afterAll(failOnWarnings);
