// Test-only crash points, so crash tests can kill a process inside a step that a timed kill
// rarely hits (a journal write). Active only when NODE_ENV is `test` AND MASV_TEST_KILL_AT names
// `<point>:<n>`: the n-th time the process reaches that point it SIGKILLs itself, as kill -9
// would. Neither variable is set by the app, the CLI or their packaging; in every other process
// `crashPoint` is a lookup that returns false.
export type CrashPointName = 'journal-write';

interface Armed {
  point: string;
  at: number;
  seen: number;
}

function arm(): Armed | null {
  if (process.env.NODE_ENV !== 'test') return null;
  const m = /^([a-z-]+):(\d+)$/.exec(process.env.MASV_TEST_KILL_AT ?? '');
  if (m === null) return null;
  return { point: m[1]!, at: Number(m[2]), seen: 0 };
}

const armed = arm();

/** True when this is the armed point's n-th visit: the caller does its partial work, then `crashNow()`. */
export function crashPoint(name: CrashPointName): boolean {
  if (armed === null || armed.point !== name) return false;
  armed.seen++;
  return armed.seen === armed.at;
}

export function crashNow(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not delivered synchronously everywhere; nothing may run after this point.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}
