// A journal belongs to one process (and one manager) at a time: restoreFromJournals leaves a
// journal owned elsewhere alone (no open, no trim of a half-written last line) and reports it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaseJob } from '../../../electron/engine/base-job';
import { createEngineDeps } from '../../../electron/engine/deps';
import {
  journalLockPath,
  journalOwner,
  journalPath,
  openJournal,
} from '../../../electron/engine/journal';
import type { Journal } from '../../../electron/engine/journal';
import { acquireLockFile, releaseLockFile } from '../../../electron/engine/process-lock';
import type { JobContext, JobFactory, JobSnapshot } from '../../../electron/engine/transfer-job';
import { TransferManager } from '../../../electron/engine/transfer-manager';

const here = dirname(fileURLToPath(import.meta.url));

/** Holds its journal open like a real job (BaseJob closes it on dispose); never runs. */
class HeldJob extends BaseJob {
  constructor(id: string, ctx: JobContext, journal: Journal | null) {
    super(id, 'download', ctx);
    this.journal = journal;
    this.state = 'paused';
  }
  snapshot(): JobSnapshot {
    return {
      id: this.id,
      kind: 'download',
      state: this.state,
      name: this.id,
      createdAt: 1,
      bytesDone: 0,
      bytesTotal: 0,
      filesDone: 0,
      filesTotal: 0,
      rateBytesPerSecond: 0,
      etaSeconds: null,
    };
  }
  files() {
    return [];
  }
  protected work(): Promise<'complete'> {
    return Promise.resolve('complete');
  }
  protected cleanupAfterCancel(): Promise<void> {
    return Promise.resolve();
  }
  protected persistState(): Promise<void> {
    return Promise.resolve();
  }
}

const factory: JobFactory<unknown> = {
  kind: 'download',
  create: () => {
    throw new Error('not used');
  },
  restore: (journal, _records, ctx) => new HeldJob(journal.transferId, ctx, journal),
};

const HEADER = (id: string) =>
  `{"t":"header","kind":"download","v":1,"id":"${id}","createdAt":7}\n`;
const TORN = '{"t":"range","f":"F1","s":0,"e":10';

let dir: string;
const managers: TransferManager[] = [];
function newManager(): TransferManager {
  const m = new TransferManager(
    createEngineDeps({ apiUrl: 'http://127.0.0.1:9', journalDir: dir }),
  );
  m.registerJobType(factory);
  managers.push(m);
  return m;
}

async function writeJournal(id: string, tail = ''): Promise<void> {
  const j = await openJournal(dir, id);
  await j.close();
  await appendFile(journalPath(dir, id), HEADER(id) + tail);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-owner-'));
});
afterEach(async () => {
  for (const m of managers.splice(0)) {
    await m.shutdown();
    await m.deps.dispatcher.close();
  }
  await rm(dir, { recursive: true, force: true });
});

describe('journal ownership', () => {
  it('restores only the ids asked for, leaving the others unopened and untrimmed', async () => {
    await writeJournal('A1', TORN);
    await writeJournal('B2');
    const m = newManager();
    const report = await m.restoreFromJournals({ ids: ['B2', 'NOPE'], autoResume: false });
    expect(report).toEqual({ restored: ['B2'], busy: [] });
    expect(m.get('A1')).toBeUndefined();
    expect(await readFile(journalPath(dir, 'A1'), 'utf8')).toBe(HEADER('A1') + TORN);
    expect(existsSync(journalLockPath(dir, 'A1'))).toBe(false);
    // A named id without a journal is not created as an empty one.
    expect(existsSync(journalPath(dir, 'NOPE'))).toBe(false);
  });

  it('a second manager on the same folder skips and reports what the first one owns', async () => {
    await writeJournal('J1');
    const a = newManager();
    expect((await a.restoreFromJournals({ autoResume: false })).restored).toEqual(['J1']);
    // The owner is mid-append: a torn last line that only the owner may deal with.
    await appendFile(journalPath(dir, 'J1'), TORN);
    const b = newManager();
    const report = await b.restoreFromJournals({ autoResume: false });
    expect(report.restored).toEqual([]);
    expect(report.busy).toEqual([{ id: 'J1', pid: process.pid, startedAt: expect.any(String) }]);
    expect(b.get('J1')).toBeUndefined();
    expect(await readFile(journalPath(dir, 'J1'), 'utf8')).toBe(HEADER('J1') + TORN);
    await expect(openJournal(dir, 'J1')).rejects.toMatchObject({ code: 'in-use' });

    // Once the first manager lets go, the second takes it over (and only now cuts the tail).
    await a.shutdown();
    expect(journalOwner(dir, 'J1')).toBeNull();
    expect(await b.restoreFromJournals({ ids: ['J1'], autoResume: false })).toEqual({
      restored: ['J1'],
      busy: [],
    });
    expect(await readFile(journalPath(dir, 'J1'), 'utf8')).toBe(HEADER('J1'));
    expect(journalOwner(dir, 'J1')).not.toBeNull();
  });

  it('leaves a journal owned by another live process alone, and takes it over once that process dies', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'fixtures', 'hold-journal.ts'), dir, 'C1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error(`child not ready: ${err}`)), 20_000);
        child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`child exited ${code}: ${err}`));
        });
      });
      await appendFile(journalPath(dir, 'C1'), TORN);
      const m = newManager();
      const report = await m.restoreFromJournals();
      expect(report.restored).toEqual([]);
      expect(report.busy.map((b) => [b.id, b.pid])).toEqual([['C1', child.pid]]);
      expect(await readFile(journalPath(dir, 'C1'), 'utf8')).toBe(HEADER('C1') + TORN);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    // kill -9 left the lock file behind; its pid is dead, so the lock is stale.
    expect(existsSync(journalLockPath(dir, 'C1'))).toBe(true);
    const m = newManager();
    expect(await m.restoreFromJournals({ autoResume: false })).toEqual({
      restored: ['C1'],
      busy: [],
    });
    expect(await readFile(journalPath(dir, 'C1'), 'utf8')).toBe(HEADER('C1'));
  });

  it('a lock file is taken once per process and released only by its holder', () => {
    const file = join(dir, 'x.lock');
    expect(acquireLockFile(file, 'one')).toEqual({ ok: true });
    expect(acquireLockFile(file, 'two')).toMatchObject({ ok: false, holder: { pid: process.pid } });
    releaseLockFile(file);
    expect(existsSync(file)).toBe(false);
    expect(acquireLockFile(file, 'three')).toEqual({ ok: true });
    releaseLockFile(file);
  });
});

describe('BaseJob journal lifecycle', () => {
  it('shutdown lets go of a journal and keeps it; remove deletes it with its lock', async () => {
    await writeJournal('K1');
    const a = newManager();
    await a.restoreFromJournals({ autoResume: false });
    expect(journalOwner(dir, 'K1')?.pid).toBe(process.pid);
    await a.shutdown();
    expect(existsSync(journalPath(dir, 'K1'))).toBe(true);
    expect(existsSync(journalLockPath(dir, 'K1'))).toBe(false);

    const b = newManager();
    await b.restoreFromJournals({ autoResume: false });
    await b.remove('K1');
    expect(b.get('K1')).toBeUndefined();
    expect(existsSync(journalPath(dir, 'K1'))).toBe(false);
    expect(existsSync(journalLockPath(dir, 'K1'))).toBe(false);
  });
});
