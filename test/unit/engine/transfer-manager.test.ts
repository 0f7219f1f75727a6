// The manager with a stand-in job kind: registration, input validation, events with sequence
// numbers, pause/resume/cancel routing, and restoring journals by their header's kind.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseJob } from '../../../electron/engine/base-job';
import { createEngineDeps } from '../../../electron/engine/deps';
import type { Journal } from '../../../electron/engine/journal';
import { openJournal } from '../../../electron/engine/journal';
import type { JobContext, JobFactory, JobSnapshot } from '../../../electron/engine/transfer-job';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { masvError } from '../../../electron/masv/errors';
import type { TransferEvent, TransferState } from '../../../shared/transfers';

const Input = z.object({
  destination: z.string().min(1),
  linkUrl: z.string().min(1),
  fail: z.boolean().default(false),
});
type Input = z.output<typeof Input>;

class FakeJob extends BaseJob {
  gate: (() => void) | null = null;
  persisted: TransferState[] = [];
  constructor(
    id: string,
    private readonly input: Input,
    ctx: JobContext,
  ) {
    super(id, 'download', ctx);
  }
  snapshot(): JobSnapshot {
    return {
      id: this.id,
      kind: 'download',
      state: this.state,
      name: this.input.destination,
      createdAt: 1,
      bytesDone: 0,
      bytesTotal: 0,
      filesDone: 0,
      filesTotal: 0,
      rateBytesPerSecond: 0,
      etaSeconds: null,
      ...(this.error ? { error: this.error } : {}),
    };
  }
  files() {
    return [];
  }
  protected async work(signal: AbortSignal): Promise<'complete'> {
    this.setState('transferring');
    await new Promise<void>((resolve, reject) => {
      this.gate = resolve;
      signal.addEventListener('abort', () => reject(masvError('aborted')), { once: true });
    });
    if (this.input.fail) throw masvError('link-unavailable');
    return 'complete';
  }
  protected async cleanupAfterCancel(): Promise<void> {}
  protected persistState(state: TransferState): Promise<void> {
    this.persisted.push(state);
    return Promise.resolve();
  }
}

const jobs: FakeJob[] = [];
const restored: unknown[][] = [];
const factory: JobFactory<Input> = {
  kind: 'download',
  create: (id, input, ctx) => {
    const j = new FakeJob(id, input, ctx);
    jobs.push(j);
    return j;
  },
  restore: (journal: Journal, records, ctx) => {
    restored.push(records);
    const j = new FakeJob(
      journal.transferId,
      { destination: 'restored', linkUrl: 'x', fail: false },
      ctx,
    );
    jobs.push(j);
    return j;
  },
};

let dir: string;
let manager: TransferManager;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manager-'));
  jobs.length = 0;
  restored.length = 0;
  manager = new TransferManager(
    createEngineDeps({ apiUrl: 'http://127.0.0.1:9', journalDir: dir }),
    { progressIntervalMs: 10 },
  );
  manager.registerJobType(factory, Input);
});
afterEach(async () => {
  await manager.shutdown();
  await manager.deps.dispatcher.close();
  await rm(dir, { recursive: true, force: true });
});

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('TransferManager', () => {
  it('validates input with the registered schema and says what is wrong', () => {
    expect(() => manager.startDownload({ linkUrl: '', destination: '/d' })).toThrow(
      /invalid download: linkUrl/,
    );
    expect(() =>
      manager.startUpload({ paths: [], name: 'x', target: { kind: 'team', teamId: 'T' } }),
    ).toThrow(/invalid upload: paths/);
  });

  it('runs a job, publishes state events with increasing seq, and waitFor resolves at rest', async () => {
    const events: TransferEvent[] = [];
    manager.onEvent((e) => events.push(e));
    const id = manager.startDownload({ linkUrl: 'l', destination: '/d' });
    await tick();
    expect(manager.get(id)?.state).toBe('transferring');
    jobs[0]!.gate!();
    const snap = await manager.waitFor(id);
    expect(snap.state).toBe('complete');
    expect(events.map((e) => e.snapshot.state)).toEqual(['queued', 'transferring', 'complete']);
    expect(events.map((e) => e.snapshot.seq)).toEqual([1, 2, 3]);
    expect(manager.list().map((s) => s.id)).toEqual([id]);
  });

  it('pause aborts the run; resume starts it again; failures carry user words', async () => {
    const id = manager.start('download', { linkUrl: 'l', destination: '/d', fail: true });
    await tick();
    await manager.pause(id);
    expect(manager.get(id)?.state).toBe('paused');
    expect(jobs[0]!.persisted).toEqual(['paused']);
    manager.resume(id);
    await tick();
    jobs[0]!.gate!();
    const snap = await manager.waitFor(id);
    expect(snap).toMatchObject({
      state: 'failed',
      error: {
        code: 'link-unavailable',
        message: 'this link is no longer available (disabled, expired or out of downloads)',
      },
    });
  });

  it('cancel ends in cancelled; unknown ids are a clear error', async () => {
    const id = manager.startDownload({ linkUrl: 'l', destination: '/d' });
    await tick();
    await manager.cancel(id);
    expect(manager.get(id)?.state).toBe('cancelled');
    await expect(manager.pause('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('restores journals by the kind in their header; a headerless one stays as failed, an empty one goes', async () => {
    const j = await openJournal(dir, 'J1');
    await j.append({ t: 'header', kind: 'download', v: 1, id: 'J1', createdAt: 5 });
    await j.append({ t: 'x' });
    await j.close();
    await writeFile(join(dir, 'J2.jsonl'), '{"t":"junk"}\n');
    await writeFile(join(dir, 'J3.jsonl'), '');
    const { restored: ids } = await manager.restoreFromJournals({ autoResume: false });
    expect(ids).toEqual(['J1', 'J2']);
    expect(restored[0]).toEqual([
      { t: 'header', kind: 'download', v: 1, id: 'J1', createdAt: 5 },
      { t: 'x' },
    ]);
    expect(manager.get('J1')?.state).toBe('queued');
    // Never dropped silently: it is listed as failed, says why, and cannot be resumed.
    expect(manager.get('J2')).toMatchObject({
      state: 'failed',
      error: { code: 'journal-damaged', permanent: true },
    });
    expect(() => manager.resume('J2')).toThrow(/cannot be resumed/);
    expect(await readFile(join(dir, 'J2.jsonl'), 'utf8')).toBe('{"t":"junk"}\n');
    await manager.remove('J2');
    await expect(readFile(join(dir, 'J2.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Empty: stopped before its first record; nothing was ever sent, nothing to show.
    expect(manager.get('J3')).toBeUndefined();
    await expect(readFile(join(dir, 'J3.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
