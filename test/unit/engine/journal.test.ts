import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  journalPath,
  listJournals,
  openJournal,
  parseJournal,
} from '../../../electron/engine/journal';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('journal', () => {
  it('appends records durably and reads them back in order', async () => {
    const j = await openJournal<{ n: number }>(dir, 'T1');
    await Promise.all(Array.from({ length: 200 }, (_, n) => j.append({ n })));
    expect((await j.read()).map((r) => r.n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    await j.close();
    const again = await openJournal<{ n: number }>(dir, 'T1');
    expect((await again.read()).length).toBe(200);
    await again.close();
  });

  it('ignores a torn last line and cuts it off so later appends stay readable', async () => {
    const path = journalPath(dir, 'T2');
    await writeFile(path, '{"n":1}\n{"n":2}\n{"n":3,"e":"abc');
    const j = await openJournal<{ n: number }>(dir, 'T2');
    expect((await j.read()).map((r) => r.n)).toEqual([1, 2]);
    await j.append({ n: 4 });
    expect((await j.read()).map((r) => r.n)).toEqual([1, 2, 4]);
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":4}\n');
    await j.close();
  });

  it('parseJournal stops at the first torn or corrupt line: the last good state', () => {
    expect(parseJournal<{ a: number }>('{"a":1}\n\n{"a":2}\n{"a":')).toEqual([{ a: 1 }, { a: 2 }]);
    // Records after a corrupt one may depend on it, so they are not applied.
    expect(parseJournal<{ a: number }>('{"a":1}\ngarbage\n{"a":2}\n')).toEqual([{ a: 1 }]);
    expect(parseJournal('{"a":1}\n42\n{"a":2}\n')).toEqual([{ a: 1 }]);
    expect(parseJournal('{"a":1}\n[1]\n')).toEqual([{ a: 1 }]);
  });

  it('compaction replaces the file atomically; appends queued around it are kept in order', async () => {
    const j = await openJournal<{ n: number }>(dir, 'T3');
    for (let n = 0; n < 50; n++) void j.append({ n });
    const c = j.compact([{ n: -1 }]);
    const after = [j.append({ n: 100 }), j.append({ n: 101 })];
    await c;
    await Promise.all(after);
    expect((await j.read()).map((r) => r.n)).toEqual([-1, 100, 101]);
    expect(j.appendedSinceCompact).toBeLessThanOrEqual(2);
    await j.close();
    const text = await readFile(journalPath(dir, 'T3'), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(3);
  });

  it('lists journals by transfer id and removes them', async () => {
    const a = await openJournal(dir, 'A');
    const b = await openJournal(dir, 'B');
    await a.append({});
    await b.append({});
    await writeFile(join(dir, 'other.txt'), 'x');
    expect(await listJournals(dir)).toEqual(['A', 'B']);
    await a.remove();
    await b.close();
    expect(await listJournals(dir)).toEqual(['B']);
    expect(await listJournals(join(dir, 'missing'))).toEqual([]);
  });

  it('refuses ids that could escape the folder', async () => {
    await expect(openJournal(dir, '../evil')).rejects.toThrow(/invalid transfer id/);
  });

  it('survives an external append of a partial line between opens (crash mid-write)', async () => {
    const j = await openJournal<{ n: number }>(dir, 'T4');
    await j.append({ n: 1 });
    await j.close();
    await appendFile(journalPath(dir, 'T4'), '{"n":');
    const k = await openJournal<{ n: number }>(dir, 'T4');
    await k.append({ n: 2 });
    expect((await k.read()).map((r) => r.n)).toEqual([1, 2]);
    await k.close();
  });
});
