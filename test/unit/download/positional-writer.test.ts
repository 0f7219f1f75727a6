import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileWriteQueue,
  PositionalWriter,
} from '../../../electron/engine/download/positional-writer';
import { isMasvError } from '../../../electron/masv/errors';

/** A FileHandle whose writes complete when the test says so. */
function slowFile() {
  const writes: { position: number; bytes: number; done: (err?: Error) => void }[] = [];
  const fh = {
    writev: (chunks: Buffer[], position: number) =>
      new Promise<{ bytesWritten: number }>((resolve, reject) => {
        const bytes = chunks.reduce((n, c) => n + c.length, 0);
        writes.push({
          position,
          bytes,
          done: (err) => (err ? reject(err) : resolve({ bytesWritten: bytes })),
        });
      }),
  } as unknown as FileHandle;
  return { fh, writes };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('PositionalWriter', () => {
  it('gathers small chunks into batches of at least the minimum and writes them in place', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'masv-pw-')), 'f.part');
    const fh = await open(path, 'w+');
    await fh.truncate(100);
    const flushes: [number, number][] = [];
    const writer = new PositionalWriter(fh, 40, 16, 'f', (s, e) => flushes.push([s, e]));
    for (let i = 0; i < 10; i++) await writer.push(Buffer.alloc(5, 65 + i));
    expect(writer.receivedTo).toBe(90);
    await writer.flush();
    await fh.close();
    // 5-byte chunks with a 16-byte minimum: flushed at 20, 40 and the rest at the end.
    expect(flushes).toEqual([
      [40, 60],
      [60, 80],
      [80, 90],
    ]);
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 40).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(40, 45).toString()).toBe('AAAAA');
    expect(bytes.subarray(85, 90).toString()).toBe('JJJJJ');
    expect(bytes.subarray(90).every((b) => b === 0)).toBe(true);
  });

  it('gathers the next batch while one write is in flight, and waits only when that one is full', async () => {
    const { fh, writes } = slowFile();
    const flushes: [number, number][] = [];
    const w = new PositionalWriter(fh, 0, 10, 'f', (s, e) => flushes.push([s, e]));
    expect(w.push(Buffer.alloc(10))).toBeUndefined(); // batch 1 starts, the caller goes on
    await tick();
    expect(writes).toHaveLength(1);
    expect(w.push(Buffer.alloc(6))).toBeUndefined(); // gathering while batch 1 is written
    const wait = w.push(Buffer.alloc(6)); // batch 2 is full and batch 1 still running
    expect(wait).toBeInstanceOf(Promise);
    expect(writes).toHaveLength(1); // never two writes at once
    expect(w.flushedTo).toBe(0);
    expect(w.receivedTo).toBe(22);
    writes[0]!.done();
    await wait;
    await tick();
    expect(flushes).toEqual([[0, 10]]);
    expect(writes.map((x) => [x.position, x.bytes])).toEqual([
      [0, 10],
      [10, 12],
    ]);
    const flushed = w.flush();
    await tick();
    writes[1]!.done();
    await flushed;
    expect(flushes).toEqual([
      [0, 10],
      [10, 22],
    ]);
    expect(w.flushedTo).toBe(22);
  });

  it('surfaces a failed background write on the next push and on flush', async () => {
    const { fh, writes } = slowFile();
    const w = new PositionalWriter(fh, 0, 4, 'out/f.bin', () => undefined);
    expect(w.push(Buffer.alloc(4))).toBeUndefined();
    await tick();
    writes[0]!.done(
      Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
    );
    await tick();
    let thrown: unknown;
    try {
      void w.push(Buffer.alloc(1));
    } catch (e) {
      thrown = e;
    }
    expect(isMasvError(thrown) && thrown.code).toBe('disk-full');
    await expect(w.flush()).rejects.toBe(thrown);
    expect(w.flushedTo).toBe(0);
  });

  it('lets the writers of one file write one batch at a time, in the order they queued', async () => {
    const { fh, writes } = slowFile();
    const queue = new FileWriteQueue();
    const a = new PositionalWriter(fh, 0, 4, 'f', () => undefined, queue);
    const b = new PositionalWriter(fh, 100, 4, 'f', () => undefined, queue);
    expect(a.push(Buffer.alloc(4))).toBeUndefined();
    expect(b.push(Buffer.alloc(4))).toBeUndefined();
    await tick();
    expect(writes.map((w) => w.position)).toEqual([0]); // b waits in the queue, not in the kernel
    writes[0]!.done();
    await tick();
    expect(writes.map((w) => w.position)).toEqual([0, 100]);
    writes[1]!.done();
    await Promise.all([a.flush(), b.flush()]);
    expect([a.flushedTo, b.flushedTo]).toEqual([4, 104]);
  });
});
