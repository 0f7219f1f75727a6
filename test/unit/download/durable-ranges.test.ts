import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DurableRanges, mergeSpans } from '../../../electron/engine/download/durable-ranges';
import { isMasvError } from '../../../electron/masv/errors';

/** A FileHandle whose datasync the test releases by hand, recording what was journaled when. */
function fakeFile() {
  const log: string[] = [];
  const releases: (() => void)[] = [];
  let fail: Error | undefined;
  const fh = {
    datasync: () =>
      new Promise<void>((resolve, reject) => {
        log.push('sync');
        releases.push(() => (fail ? reject(fail) : resolve()));
      }),
  } as unknown as FileHandle;
  return {
    fh,
    log,
    release: () => releases.shift()?.(),
    failWith: (e: Error) => {
      fail = e;
    },
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('DurableRanges', () => {
  it('merges interleaved batches of parallel ranges into one run per range', () => {
    expect(
      mergeSpans([
        { start: 0, end: 10 },
        { start: 100, end: 110 },
        { start: 10, end: 20 },
        { start: 110, end: 120 },
        { start: 20, end: 25 },
      ]),
    ).toEqual([
      { start: 0, end: 25 },
      { start: 100, end: 120 },
    ]);
  });

  it('syncs once per threshold in the background and journals only after the sync', async () => {
    const f = fakeFile();
    const journaled: [number, number][] = [];
    const d = new DurableRanges({
      fh: f.fh,
      thresholdBytes: 30,
      intervalMs: 60_000,
      now: () => 0,
      where: 'a.bin',
      onDurable: (s, e) => {
        f.log.push(`range ${s}-${e}`);
        journaled.push([s, e]);
        return Promise.resolve();
      },
    });
    d.written(0, 10);
    d.written(100, 110);
    expect(f.log).toEqual([]);
    d.written(10, 20); // 30 bytes pending: one sync starts, nobody waits for it
    expect(f.log).toEqual(['sync']);
    d.written(110, 120); // arrives during the sync: belongs to the next one
    await tick();
    expect(journaled).toEqual([]);
    f.release();
    await tick();
    expect(journaled).toEqual([
      [0, 20],
      [100, 110],
    ]);
    const settled = d.settle(); // the 10 bytes written during the sync still need one
    await tick();
    f.release();
    await settled;
    expect(f.log).toEqual(['sync', 'range 0-20', 'range 100-110', 'sync', 'range 110-120']);
    await d.settle(); // nothing pending: no further sync
    expect(f.log.filter((l) => l === 'sync')).toHaveLength(2);
  });

  it('on a slow link syncs by time: a few bytes a second later are made durable', async () => {
    const f = fakeFile();
    let now = 0;
    const journaled: [number, number][] = [];
    const d = new DurableRanges({
      fh: f.fh,
      thresholdBytes: 64 * 1024 * 1024,
      intervalMs: 1000,
      now: () => now,
      where: 'a.bin',
      onDurable: (s, e) => {
        journaled.push([s, e]);
        return Promise.resolve();
      },
    });
    d.written(0, 10);
    now = 999;
    d.written(10, 20);
    expect(f.log).toEqual([]); // under the byte threshold and not yet a second
    now = 1000;
    d.written(20, 30);
    expect(f.log).toEqual(['sync']);
    f.release();
    await tick();
    expect(journaled).toEqual([[0, 30]]);
  });

  it('keeps a failed sync: nothing is journaled and the error surfaces as a write error', async () => {
    const f = fakeFile();
    const journaled: number[] = [];
    const d = new DurableRanges({
      fh: f.fh,
      thresholdBytes: 1,
      intervalMs: 60_000,
      now: () => 0,
      where: 'dir/a.bin',
      onDurable: (s) => {
        journaled.push(s);
        return Promise.resolve();
      },
    });
    f.failWith(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    d.written(0, 5);
    f.release();
    await tick();
    expect(journaled).toEqual([]);
    let thrown: unknown;
    try {
      d.check();
    } catch (e) {
      thrown = e;
    }
    expect(isMasvError(thrown)).toBe(true);
    expect(String((thrown as Error).message)).toContain('dir/a.bin');
    await expect(d.settle()).rejects.toBe(thrown);
  });
});
