// Bounded loss per interruption: the real `masv` CLI uploads one big file over a throttled line
// and is killed (SIGKILL) 2–5 s after each run starts sending, at seeded moments, then resumed,
// until the upload completes. S3 parts are all-or-nothing, so every kill throws away the parts in flight;
// with parts sized from the measured rate per stream (a part ≈ 1 s), the storage must receive at
// most 1.5× the file and the journal must hold more confirmed parts after every run. With
// MASV's 100 MiB parts at 4 MiB/s a part takes 25 s, no run of 2–5 s ever confirms one, and the
// loop runs out of its bound instead.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { mulberry32 } from '../../emulator/faults';
import { buildCli, collect, spawnMasv, tempHome } from './masv-process';
import type { MasvResult } from './masv-process';
import { localHashes, serverHashes } from './package-bytes';

const MiB = 1024 * 1024;
const FILE_BYTES = 320 * MiB;
/** Per connection, as a slow uplink gives each stream; 4 streams in flight. */
const LINE_BYTES_PER_SECOND = 4 * MiB;
const MAX_RUNS = 25;
const DEADLINE_MS = 150_000;

/** Resolves once the CLI names the transfer on stderr (start-up done, bytes about to move). */
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

/** Part-URL calls the service answered so far. */
function urlCalls(emu: Emulator): number {
  return emu.requestLog.entries().filter((e) => e.route === 'api:chunkUrls' && e.status === 200)
    .length;
}

/** Parts the journal confirms (acknowledged by storage and made durable). */
function confirmedParts(home: string, id: string): number {
  let text: string;
  try {
    text = readFileSync(path.join(home, 'journals', `${id}.jsonl`), 'utf8');
  } catch {
    return 0;
  }
  const parts = new Set<string>();
  for (const line of text.split('\n')) {
    try {
      const r = JSON.parse(line) as { t?: string; i?: number; n?: number };
      if (r.t === 'part') parts.add(`${r.i}#${r.n}`);
      // A re-added file starts over: its earlier parts no longer count.
      if (r.t === 'file') for (const k of [...parts]) if (k.startsWith(`${r.i}#`)) parts.delete(k);
    } catch {
      // A line cut by the kill: the journal ignores it too.
    }
  }
  return parts.size;
}

describe('kill loop on a throttled line', () => {
  let emu: Emulator;
  let home: string;
  let folder: string;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({
      dataDir: path.join(home, 'service'),
      faults: { bandwidthBytesPerSecond: LINE_BYTES_PER_SECOND },
    });
    folder = path.join(home, 'upload');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'big.bin'), randomBytes(FILE_BYTES));
  });
  afterAll(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('receives at most 1.5× the file and confirms more parts after every run', async () => {
    const env = { MASV_API_KEY: emu.demo.apiKey };
    const random = mulberry32(20261203);
    const started = Date.now();
    const confirmed: number[] = [];
    let id: string | undefined;
    let final: MasvResult | undefined;
    for (let run = 0; run < MAX_RUNS && Date.now() - started < DEADLINE_MS; run++) {
      const args =
        id === undefined
          ? ['upload', 'upload', '--server', emu.apiUrl, '--concurrency', '4', '--json']
          : ['transfers', 'resume', id, '--json'];
      const urlsBefore = urlCalls(emu);
      const child = spawnMasv(args, { home, env });
      child.stdin?.end();
      const done = collect(child, 120_000);
      id = await announced(child);
      // The clock starts when this run asks for part URLs, i.e. when its bytes start to move:
      // process start-up on a loaded 2-core machine is not what this test measures.
      let exited = false;
      void done.then(() => (exited = true));
      while (!exited && urlCalls(emu) === urlsBefore) await new Promise((r) => setTimeout(r, 20));
      const killAfterMs = 2000 + Math.floor(random() * 3000);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const result = await done;
      clearTimeout(timer);
      if (result.signal !== 'SIGKILL') {
        final = result;
        break;
      }
      confirmed.push(confirmedParts(home, id));
    }
    expect(
      final,
      `no run completed; confirmed parts after each run: ${confirmed.join(', ')}`,
    ).toBeDefined();
    expect(final!.code, final!.stderr).toBe(0);
    expect(confirmed.length).toBeGreaterThanOrEqual(2);
    // Every run kept something: the confirmed parts grow from one resume to the next.
    for (let i = 1; i < confirmed.length; i++)
      expect(confirmed[i], `after run ${i + 1}: ${confirmed.join(', ')}`).toBeGreaterThan(
        confirmed[i - 1]!,
      );
    expect(confirmed[0]).toBeGreaterThan(0);

    const received = emu.requestLog
      .entries()
      .filter((e) => e.route === 'storage:uploadPart')
      .reduce((n, e) => n + e.bytes, 0);
    expect(received / FILE_BYTES, `${received} bytes for ${FILE_BYTES}`).toBeLessThanOrEqual(1.5);
    const doc = JSON.parse(final!.stdout);
    expect(doc.transfer).toMatchObject({ state: 'complete', bytesTotal: FILE_BYTES });
    expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(localHashes(folder));
  }, 200_000);
});
