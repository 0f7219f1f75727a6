// Crash loop: the real `masv` CLI uploads a package of several files over a throttled line and is
// killed with SIGKILL again and again at seeded moments, resumed after each kill; then downloads
// the same package the same way. Kills land at timed moments while bytes move, inside a journal
// write (a test-only crash point tears the record: electron/engine/crash-point.ts), and inside
// finalize-file and finalize-package (the service holds those calls for a while, and the kill
// comes while it does, so the service may finish the call the client never hears back from).
//
// In flight at a kill, precisely: upload, every part request of the killed run whose part the
// journal does not hold as acknowledged after the kill, counted at the part's declared length
// (a part cut off is sent again whole); download, the bytes the killed run's range responses
// served that the journal does not hold as durable after the kill. What the
// storage received beyond the package size (re-sent) and what it served beyond it (re-fetched)
// must not exceed those bytes summed over the kills: no acknowledged byte is ever moved twice.
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { mulberry32 } from '../../emulator/faults';
import type { Plane, RequestLogEntry } from '../../emulator/types';
import { ExitCode } from '../../../electron/cli/exit-codes';
import { buildCli, collect, masv, spawnMasv, tempHome } from './masv-process';
import type { MasvResult } from './masv-process';
import { localHashes, serverHashes } from './package-bytes';

const MiB = 1024 * 1024;
const FILE_MIB = [36, 48, 60, 72, 84];
const TOTAL = FILE_MIB.reduce((a, b) => a + b, 0) * MiB;
/** Per connection; 4 streams. Slow enough that kills land mid-transfer. */
const UPLINK_BYTES_PER_SECOND = 3 * MiB;
/** Downloads keep every byte made durable, so each run gains more: a slower line keeps 20 kills inside the transfer. */
const DOWNLINK_BYTES_PER_SECOND = 2 * MiB;
const SEED = Number(process.env.CRASH_LOOP_SEED ?? 20261204);
const FINALIZE_HOLD_MS = 1200;
const MAX_RUNS = 40;
const DEBUG = process.env.CRASH_LOOP_DEBUG === '1';

type KillKind = 'timed' | 'journal' | 'finalize-file' | 'finalize-package';

interface Loop {
  kills: Record<KillKind, number>;
  inFlight: number;
  /** Bytes moved again after a kill that the journal held as done at that kill: must be 0. */
  again: number;
  final: MasvResult;
  id: string;
}

/** Resolves once the CLI names the transfer on stderr. */
function announced(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      const m = /Transfer ([0-9A-Z]{26}):/.exec(text);
      if (m?.[1] !== undefined) {
        child.stderr?.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`masv exited before naming a transfer: ${text}`)));
  });
}

function journalRecords(home: string, id: string): Array<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path.join(home, 'journals', `${id}.jsonl`), 'utf8');
  } catch {
    return [];
  }
  const out: Array<Record<string, unknown>> = [];
  // As the journal reads itself: a last line without its newline was never acknowledged and is
  // cut off on open, even when it happens to be a whole record (a kill right before the '\n').
  const lines = text.split('\n');
  lines.pop();
  for (const line of lines) {
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // The torn last line of a killed write: the journal drops it too.
    }
  }
  return out;
}

/** Upload parts the journal holds as acknowledged, as `uploadId#partNumber`. */
function confirmedParts(home: string, id: string): Set<string> {
  const uploadOf = new Map<number, string>();
  const out = new Set<string>();
  for (const r of journalRecords(home, id)) {
    if (r.t === 'mp') uploadOf.set(r.i as number, r.uploadId as string);
    if (r.t === 'part') out.add(`${uploadOf.get(r.i as number)}#${r.n as number}`);
  }
  return out;
}

/** Download bytes the journal holds as durable, per file id: half-open [s, e) ranges. */
function durableRanges(
  home: string,
  id: string,
  sizes: Map<string, number>,
): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const r of journalRecords(home, id)) {
    const f = r.f as string;
    if (r.t === 'range') out.set(f, [...(out.get(f) ?? []), [r.s as number, r.e as number]]);
    if (r.t === 'file-reset') out.delete(f);
    if (r.t === 'file-done') out.set(f, [[0, sizes.get(f) ?? 0]]);
  }
  return out;
}

/** Bytes of [s, e) that no range in `have` covers. */
function uncovered(s: number, e: number, have: ReadonlyArray<[number, number]>): number {
  const cuts = have
    .map(([a, b]) => [Math.max(a, s), Math.min(b, e)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let at = s;
  for (const [a, b] of cuts) {
    if (b <= at) continue;
    covered += b - Math.max(a, at);
    at = b;
  }
  return e - s - covered;
}

describe('crash loop: SIGKILL at seeded moments, resumed until done', () => {
  let emu: Emulator;
  let home: string;
  let folder: string;
  const arrivals: Array<{ route: string; at: number }> = [];
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({
      dataDir: path.join(home, 'service'),
      faults: { bandwidthBytesPerSecond: UPLINK_BYTES_PER_SECOND },
    });
    // Every request passes the fault controller on arrival: that is when a call has started.
    const decide = emu.faults.decide.bind(emu.faults);
    emu.faults.decide = (plane: Plane, route: string) => {
      arrivals.push({ route, at: Date.now() });
      return decide(plane, route);
    };
    folder = path.join(home, 'package');
    mkdirSync(folder);
    FILE_MIB.forEach((m, i) =>
      writeFileSync(path.join(folder, `file-${i + 1}.bin`), randomBytes(m * MiB)),
    );
  }, 120_000);
  afterAll(async () => {
    await emu?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /**
   * The service logs a storage request when its connection closes, which on a throttled line
   * can be a while after the client went: waits until every request that arrived is logged.
   */
  async function settle(route: string, from: number): Promise<void> {
    for (let waited = 0; waited < 10_000; waited += 20) {
      const arrived = arrivals.filter((a) => a.at >= from && a.route === route).length;
      const logged = emu.requestLog
        .entries()
        .filter((e) => e.at >= from && e.route === route).length;
      if (logged >= arrived) return;
      await sleep(20);
    }
  }

  const since = (t: number, route: string) => arrivals.some((a) => a.at >= t && a.route === route);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * Runs `first`, then `transfers resume` after every kill, until a run ends by itself. Kills
   * follow a seeded plan. `held` reads what the journal holds as done right after a kill;
   * `inFlightOf` counts, from it and the storage requests that arrived during the killed run,
   * what that run had in flight.
   */
  async function crashLoop<H>(
    name: string,
    first: string[],
    env: Record<string, string>,
    plan: KillKind[],
    dataRoute: string,
    held: (id: string) => H,
    inFlightOf: (held: H, requests: RequestLogEntry[]) => number,
    heldAgain: (held: H, requests: RequestLogEntry[]) => number,
  ): Promise<Loop> {
    const random = mulberry32(SEED ^ name.length);
    const kills: Record<KillKind, number> = {
      timed: 0,
      journal: 0,
      'finalize-file': 0,
      'finalize-package': 0,
    };
    const killed: Array<{ run: number; kind: KillKind; from: number; to: number; held: H }> = [];
    const loopStart = Date.now();
    let id: string | undefined;
    for (let run = 0; run < MAX_RUNS; run++) {
      const kind = plan[run];
      const args = id === undefined ? first : ['transfers', 'resume', id, '--json'];
      const journalAt = 1 + Math.floor(random() * 4);
      const delay = random();
      const runStart = Date.now();
      const holdFinalize = kind === 'finalize-file' || kind === 'finalize-package';
      emu.faults.update({
        rules: holdFinalize
          ? [
              {
                route: 'api:finalize*',
                every: 1,
                action: { kind: 'latency', ms: FINALIZE_HOLD_MS },
              },
            ]
          : [],
      });
      const child = spawnMasv(args, {
        home,
        env: {
          ...env,
          NODE_ENV: 'test',
          ...(kind === 'journal' ? { MASV_TEST_KILL_AT: `journal-write:${journalAt}` } : {}),
        },
      });
      child.stdin?.end();
      const done = collect(child, 120_000);
      let exited = false;
      void done.then(
        () => (exited = true),
        () => (exited = true),
      );
      id ??= await announced(child);
      if (kind === 'timed') {
        // From the moment this run's bytes start to move: 0.3–1.5 s.
        while (!exited && !since(runStart, dataRoute)) await sleep(10);
        await sleep(300 + Math.floor(delay * 1200));
        child.kill('SIGKILL');
      } else if (kind === 'finalize-file' || kind === 'finalize-package') {
        // Inside the held call: after it arrived, before the service answers.
        const route = kind === 'finalize-file' ? 'api:finalizeFile' : 'api:finalizePackage';
        while (!exited && !since(runStart, route)) await sleep(5);
        await sleep(100 + Math.floor(delay * (FINALIZE_HOLD_MS - 400)));
        child.kill('SIGKILL');
      }
      const result = await done;
      if (result.signal !== 'SIGKILL') {
        expect(result.code, `${name} run ${run + 1} (${kind ?? 'last'}): ${result.stderr}`).toBe(0);
        emu.faults.update({ rules: [] });
        // Requests cut by a kill are logged when the service notices, which on a throttled line
        // can be a while later; each counts for the run it arrived in.
        await settle(dataRoute, loopStart);
        const log = emu.requestLog.entries().filter((e) => e.route === dataRoute);
        let inFlight = 0;
        let again = 0;
        for (const k of killed) {
          if (DEBUG) console.log(`kill ${k.run} ${k.kind}: ${k.from}..${k.to}`);
          again += heldAgain(
            k.held,
            log.filter((e) => (e.startedAt ?? e.at) > k.to),
          );
          const requests = log.filter(
            (e) => (e.startedAt ?? e.at) >= k.from && (e.startedAt ?? e.at) <= k.to,
          );
          const lost = inFlightOf(k.held, requests);
          inFlight += lost;
          if (DEBUG) {
            const moved = requests.reduce((n, e) => n + e.bytes, 0);
            console.log(
              `${name} run ${k.run} ${k.kind}: ${k.to - k.from} ms, moved ${(moved / MiB).toFixed(1)} MiB, in flight ${(lost / MiB).toFixed(1)} MiB`,
            );
          }
        }
        return { kills, inFlight, again, final: result, id };
      }
      if (kind === undefined) throw new Error(`${name}: killed without a plan`);
      kills[kind]++;
      killed.push({ run: run + 1, kind, from: runStart, to: Date.now(), held: held(id) });
      if (journalRecords(home, id).length === 0) {
        // Killed before its first record was durable: there is nothing to resume, and resume
        // says so; the transfer starts again (its first part comes after that record).
        const r = await masv(['transfers', 'resume', id, '--json'], { home, env });
        expect(r.code, r.stderr).toBe(ExitCode.notFound);
        expect(r.stderr).toContain(id);
        id = undefined;
        continue;
      }
    }
    throw new Error(`${name}: not done after ${MAX_RUNS} runs`);
  }

  /** 22 kills: timed and journal kills shuffled, finalize kills where they can happen. */
  function killPlan(seed: number, withFinalize: boolean): KillKind[] {
    const random = mulberry32(seed);
    const mid: KillKind[] = [
      ...Array<KillKind>(withFinalize ? 13 : 16).fill('timed'),
      ...Array<KillKind>(6).fill('journal'),
    ];
    for (let i = mid.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [mid[i], mid[j]] = [mid[j]!, mid[i]!];
    }
    if (!withFinalize) return mid;
    // A file finalizes when its last part is in; spread those kills over the run.
    mid.splice(5, 0, 'finalize-file');
    mid.splice(12, 0, 'finalize-file');
    mid.splice(18, 0, 'finalize-file');
    return [...mid, 'finalize-package', 'finalize-package'];
  }

  const storage = (route: string, from: number) =>
    emu.requestLog.entries().filter((e: RequestLogEntry) => e.route === route && e.at >= from);

  it('uploads and downloads byte-identical, re-sending no more than was in flight', async () => {
    const started = Date.now();
    // ---- upload ----
    const up = await crashLoop(
      'upload',
      ['upload', 'package', '--server', emu.apiUrl, '--concurrency', '4', '--json'],
      { MASV_API_KEY: emu.demo.apiKey },
      killPlan(SEED, true),
      'storage:uploadPart',
      (id) => confirmedParts(home, id),
      (held, requests) =>
        requests
          .filter((e) => !held.has(`${e.uploadId}#${e.partNumber}`))
          .reduce((n, e) => n + (e.length ?? 0), 0),
      (held, later) =>
        later
          .filter((e) => held.has(`${e.uploadId}#${e.partNumber}`))
          .reduce((n, e) => n + e.bytes, 0),
    );
    const received = storage('storage:uploadPart', started).reduce((n, e) => n + e.bytes, 0);
    const upKills = Object.values(up.kills).reduce((a, b) => a + b, 0);
    const doc = JSON.parse(up.final.stdout) as {
      linkUrl: string;
      transfer: { state: string; bytesTotal: number };
    };
    expect(doc.transfer).toMatchObject({ state: 'complete', bytesTotal: TOTAL });
    const upDone = Date.now();
    // Reading the stored bytes back is no part of the loop: at full speed.
    emu.faults.update({ bandwidthBytesPerSecond: 0 });
    expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(localHashes(folder));
    const reSent = received - TOTAL;
    if (DEBUG) {
      const times = new Map<string, number>();
      for (const e of storage('storage:uploadPart', started))
        if (e.status === 200) {
          const k = `${e.uploadId}#${e.partNumber}`;
          times.set(k, (times.get(k) ?? 0) + 1);
        }
      console.log(
        'parts stored more than once:',
        [...times].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`),
      );
    }
    console.log(
      `crash-loop upload: ${upKills} kills (${JSON.stringify(up.kills)}), ${TOTAL / MiB} MiB, ` +
        `re-sent ${(reSent / MiB).toFixed(1)} MiB ≤ in-flight ${(up.inFlight / MiB).toFixed(1)} MiB, ` +
        `byte-identical (seed ${SEED}, ${Math.round((upDone - started) / 1000)} s)`,
    );

    // ---- download ----
    await settle('storage:getObject', started);
    emu.faults.update({ bandwidthBytesPerSecond: DOWNLINK_BYTES_PER_SECOND });
    const dlStart = Date.now();
    const dest = path.join(home, 'download');
    mkdirSync(dest);
    const sizes = new Map<string, number>();
    const fileIdOf = (key: string | undefined) => key?.split('/f/').pop() ?? '';
    const down = await crashLoop(
      'download',
      [
        'download',
        doc.linkUrl,
        '--server',
        emu.apiUrl,
        '--to',
        dest,
        '--concurrency',
        '4',
        '--json',
      ],
      {},
      killPlan(SEED + 1, false),
      'storage:getObject',
      (id) => {
        if (sizes.size === 0)
          for (const r of journalRecords(home, id))
            if (r.t === 'plan')
              for (const f of r.files as Array<{ id: string; size: number }>)
                sizes.set(f.id, f.size);
        return durableRanges(home, id, sizes);
      },
      (held, requests) => {
        let n = 0;
        for (const e of requests) {
          const f = fileIdOf(e.key);
          const size = sizes.get(f) ?? 0;
          const m = /^bytes=(\d+)-(\d*)$/.exec(e.range ?? '');
          const s = m ? Number(m[1]) : 0;
          // The bytes this response served, from the start of its range.
          n += uncovered(s, Math.min(s + e.bytes, size), held.get(f) ?? []);
        }
        return n;
      },
      (held, later) => {
        let n = 0;
        for (const e of later) {
          const f = fileIdOf(e.key);
          const m = /^bytes=(\d+)-(\d*)$/.exec(e.range ?? '');
          const s = m ? Number(m[1]) : 0;
          const end = Math.min(s + e.bytes, sizes.get(f) ?? 0);
          const twice = end - s - uncovered(s, end, held.get(f) ?? []);
          if (DEBUG && twice > 0)
            console.log(
              `fetched again: ${f} ${e.range} served ${e.bytes} at ${e.startedAt}; held ${JSON.stringify(held.get(f))}`,
            );
          n += twice;
        }
        return n;
      },
    );
    const served = storage('storage:getObject', dlStart).reduce((n, e) => n + e.bytes, 0);
    const downKills = Object.values(down.kills).reduce((a, b) => a + b, 0);
    const got = localHashes(dest, '');
    expect([...got.keys()].sort()).toEqual([...localHashes(folder).keys()].sort());
    expect(got).toEqual(localHashes(folder));
    const reFetched = served - TOTAL;
    console.log(
      `crash-loop download: ${downKills} kills (${JSON.stringify(down.kills)}), ${TOTAL / MiB} MiB, ` +
        `re-fetched ${(reFetched / MiB).toFixed(1)} MiB ≤ in-flight ${(down.inFlight / MiB).toFixed(1)} MiB, ` +
        `byte-identical (seed ${SEED}, ${Math.round((Date.now() - dlStart) / 1000)} s)`,
    );

    expect(upKills).toBeGreaterThanOrEqual(20);
    expect(up.kills.journal).toBeGreaterThan(0);
    expect(up.kills['finalize-file']).toBeGreaterThan(0);
    expect(up.kills['finalize-package']).toBeGreaterThan(0);
    expect(downKills).toBeGreaterThanOrEqual(20);
    expect(down.kills.journal).toBeGreaterThan(0);
    expect(up.again, 'acknowledged parts sent again').toBe(0);
    expect(down.again, 'durable bytes fetched again').toBe(0);
    expect(reSent).toBeGreaterThanOrEqual(0);
    expect(reSent, 're-sent bytes ≤ in-flight bytes').toBeLessThanOrEqual(up.inFlight);
    expect(reFetched).toBeGreaterThanOrEqual(0);
    expect(reFetched, 're-fetched bytes ≤ in-flight bytes').toBeLessThanOrEqual(down.inFlight);
  }, 300_000);
});
