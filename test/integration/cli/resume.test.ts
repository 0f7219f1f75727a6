// The crash test: kill -9 a running `masv upload`, then `masv transfers resume` finishes it with
// byte-identical results, re-sending at most the parts that were in flight.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { buildCli, collect, masv, ROOT, spawnMasv, tempHome } from './masv-process';
import { localHashes, serverHashes } from './package-bytes';

const MiB = 1024 * 1024;
const CONCURRENCY = 2;
const HOLD_JOURNAL = path.join(ROOT, 'test', 'unit', 'engine', 'fixtures', 'hold-journal.ts');

/** Resolves with the transfer id the CLI announces on stderr. */
function transferId(child: ChildProcess): Promise<string> {
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
    child.once('exit', () =>
      reject(new Error(`masv exited before announcing a transfer: ${text}`)),
    );
  });
}

/** The one file named `name` under dir (journals live in a per-OS state folder). */
function findFile(dir: string, name: string): string {
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (entry === name) return p;
    if (statSync(p).isDirectory()) {
      try {
        return findFile(p, name);
      } catch {
        // not in this folder
      }
    }
  }
  throw new Error(`${name} not found under ${dir}`);
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(process.env.MASV_TEST_KEYRING === 'gnome-keyring')(
  'masv upload survives kill -9 and Ctrl-C',
  () => {
    let emu: Emulator;
    let home: string;
    let folder: string;
    beforeAll(async () => {
      await buildCli();
      home = tempHome();
      emu = await startEmulator({ dataDir: path.join(home, 'service') });
      folder = path.join(home, 'big');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'sixty.bin'), randomBytes(60 * MiB));
      expect(
        (await masv(['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey], { home }))
          .code,
      ).toBe(0);
    });
    afterAll(async () => {
      await emu.close();
      rmSync(home, { recursive: true, force: true });
    });

    const successfulParts = () =>
      emu.requestLog.entries().filter((e) => e.route === 'storage:uploadPart' && e.status === 200)
        .length;

    /** Starts a slow upload, lets one part land, presses Ctrl-C: a paused transfer, no process. */
    async function pausedUpload(): Promise<string> {
      const child = spawnMasv(['upload', 'big', '--chunk-size', '5M', '--limit-rate', '4M'], {
        home,
      });
      child.stdin?.end();
      const done = collect(child);
      const id = await transferId(child);
      emu.requestLog.clear();
      await until('a stored part', () => successfulParts() >= 1);
      child.kill('SIGINT');
      expect((await done).code).toBe(130);
      return id;
    }

    it('resumes after kill -9 with identical bytes and only in-flight parts re-sent', async () => {
      emu.requestLog.clear();
      const args = [
        'upload',
        'big',
        '--chunk-size',
        '5M',
        '--concurrency',
        String(CONCURRENCY),
        '--limit-rate',
        '6M',
      ];
      const child = spawnMasv(args, { home });
      child.stdin?.end();
      const done = collect(child);
      const id = await transferId(child);
      await until('4 stored parts', () => successfulParts() >= 4);
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      expect(successfulParts()).toBeLessThan(12);

      const listed = JSON.parse((await masv(['transfers', '--json'], { home })).stdout);
      expect(listed.unfinished).toEqual([
        expect.objectContaining({ id, kind: 'upload', state: 'interrupted' }),
      ]);

      const resumed = await masv(['transfers', 'resume', id, '--json'], { home });
      expect(resumed.code, resumed.stderr).toBe(0);
      const doc = JSON.parse(resumed.stdout);
      expect(doc).toMatchObject({
        ok: true,
        transfer: { id, state: 'complete', bytesTotal: 60 * MiB },
      });
      expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(localHashes(folder));

      const perPart = new Map<number, number>();
      for (const e of emu.requestLog.entries()) {
        if (e.route !== 'storage:uploadPart' || e.partNumber === undefined) continue;
        perPart.set(e.partNumber, (perPart.get(e.partNumber) ?? 0) + 1);
      }
      expect([...perPart.keys()].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      const resent = [...perPart.values()].filter((n) => n > 1);
      expect(resent.length).toBeLessThanOrEqual(CONCURRENCY);
      expect(Math.max(...perPart.values())).toBeLessThanOrEqual(2);

      expect(JSON.parse((await masv(['transfers', '--json'], { home })).stdout).unfinished).toEqual(
        [],
      );
    });

    it('Ctrl-C pauses (exit 130, journal kept) and resume completes it', async () => {
      emu.requestLog.clear();
      const child = spawnMasv(
        ['upload', 'big', '--chunk-size', '5M', '--concurrency', '2', '--limit-rate', '8M'],
        { home },
      );
      child.stdin?.end();
      const done = collect(child);
      const id = await transferId(child);
      await until('2 stored parts', () => successfulParts() >= 2);
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain(`Resume with: masv transfers resume ${id}`);
      const listed = JSON.parse((await masv(['transfers', '--json'], { home })).stdout);
      expect(listed.unfinished).toEqual([expect.objectContaining({ id, state: 'paused' })]);

      const resumed = await masv(['transfers', 'resume', '--all', '--json'], { home });
      expect(resumed.code, resumed.stderr).toBe(0);
      const doc = JSON.parse(resumed.stdout);
      expect(doc.transfer.id).toBe(id);
      expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(localHashes(folder));
    });

    it('pauses and cancels a transfer running in another process', async () => {
      const child = spawnMasv(
        ['upload', 'big', '--chunk-size', '5M', '--concurrency', '2', '--limit-rate', '4M'],
        { home },
      );
      child.stdin?.end();
      const done = collect(child);
      const id = await transferId(child);
      emu.requestLog.clear();
      await until('a stored part', () => successfulParts() >= 1);

      const paused = await masv(['transfers', 'pause', id], { home });
      expect(paused.code, paused.stderr).toBe(0);
      expect(paused.stdout).toContain(`Paused ${id}`);
      const first = await done;
      expect(first.code).toBe(5);

      // Resume in the background, then cancel it from here while it runs.
      const again = spawnMasv(['transfers', 'resume', id, '--limit-rate', '4M'], { home });
      again.stdin?.end();
      const againDone = collect(again);
      await transferId(again);
      const cancelled = await masv(['transfers', 'cancel', id], { home });
      expect(cancelled.code, cancelled.stderr).toBe(0);
      // An upload's cancel deletes its package on MASV (a download's never touches the server).
      expect(cancelled.stdout).toMatch(
        new RegExp(
          `^Cancelled ${id}; (the|its) unfinished package( \\(if one was made\\))? is deleted on MASV and the journal removed\\.\\n$`,
        ),
      );
      expect((await againDone).code).toBe(6);
      const deletes = emu.requestLog.entries().filter((e) => e.route === 'api:deletePackage');
      expect(deletes.map((e) => e.status)).toEqual([204]);
      const listed = JSON.parse((await masv(['transfers', '--json'], { home })).stdout);
      expect(listed.unfinished).toEqual([]);
      expect(listed.history[0]).toMatchObject({ id, state: 'cancelled' });
      const missing = await masv(['transfers', 'resume', id], { home });
      expect(missing.code).toBe(4);
    });

    it('will not resume a transfer whose journal another live process owns', async () => {
      const id = await pausedUpload();

      // Another process (the desktop app, say) has the journal open.
      const holder = spawn(
        process.execPath,
        ['--import', 'tsx', HOLD_JOURNAL, path.join(home, 'journals'), id, '--no-write'],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout?.on('data', (d: Buffer) => {
            if (d.toString().includes('ready')) resolve();
          });
          holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
        });
        const refused = await masv(['transfers', 'resume', id], { home });
        expect(refused.code, refused.stderr).toBe(7);
        expect(refused.stderr).toContain(`open in another MASV process (pid ${holder.pid})`);
      } finally {
        const exited = new Promise((r) => holder.once('exit', r));
        holder.kill('SIGKILL');
        await exited;
      }
      // Its owner died (kill -9): the lock is stale and the resume goes through.
      const resumed = await masv(['transfers', 'resume', id, '--json'], { home });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ transfer: { id, state: 'complete' } });
    });

    it('lists a transfer whose journal is damaged, and resume says why instead of dropping it', async () => {
      const id = await pausedUpload();
      const journal = findFile(home, `${id}.jsonl`);
      // Its first record (what the transfer is) destroyed, as a bad disk could.
      writeFileSync(journal, `\u0000\u0000garbage\n${readFileSync(journal, 'utf8')}`);

      const listed = JSON.parse((await masv(['transfers', '--json'], { home })).stdout);
      expect(listed.unfinished).toEqual([expect.objectContaining({ id, state: 'damaged' })]);
      const resumed = await masv(['transfers', 'resume', id], { home });
      expect(resumed.code).not.toBe(0);
      expect(resumed.stderr).toContain('cannot be resumed');
      expect(readFileSync(journal, 'utf8')).toContain('garbage');
      rmSync(journal);
    });

    it('cancels a paused transfer that no process is running', async () => {
      const id = await pausedUpload();

      const cancelled = await masv(['transfers', 'cancel', id, '--json'], { home });
      expect(cancelled.code, cancelled.stderr).toBe(0);
      expect(JSON.parse(cancelled.stdout)).toMatchObject({
        ok: true,
        id,
        cancelled: true,
        wasRunning: false,
      });
      const deletes = emu.requestLog.entries().filter((e) => e.route === 'api:deletePackage');
      expect(deletes.map((e) => e.status)).toEqual([204]);
      const listed = JSON.parse((await masv(['transfers', '--json'], { home })).stdout);
      expect(listed.unfinished).toEqual([]);
      expect(listed.history[0]).toMatchObject({ id, state: 'cancelled' });
    });
  },
);
