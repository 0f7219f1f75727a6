import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore, type HistoryEntry } from '../../../electron/services/history';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'masv-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string): HistoryEntry => ({
  id,
  kind: 'upload',
  state: 'complete',
  name: `pkg ${id}`,
  bytesTotal: 10,
  filesTotal: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
});

describe('HistoryStore', () => {
  it('keeps newest first, replaces by id and stays bounded', () => {
    const file = path.join(dir, 'sub', 'history.json');
    const h = new HistoryStore(file, { limit: 3 });
    expect(h.list()).toEqual([]);
    for (const id of ['a', 'b', 'c', 'd']) h.add(entry(id));
    expect(h.list().map((e) => e.id)).toEqual(['d', 'c', 'b']);
    h.add({ ...entry('c'), state: 'failed', error: { code: 'network', message: 'offline' } });
    expect(h.list().map((e) => `${e.id}:${e.state}`)).toEqual([
      'c:failed',
      'd:complete',
      'b:complete',
    ]);
    expect(new HistoryStore(file).list()).toHaveLength(3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(h.remove('d')).toBe(true);
    expect(h.remove('d')).toBe(false);
    expect(h.list().map((e) => e.id)).toEqual(['c', 'b']);
  });

  it('survives a corrupt file and skips malformed entries', () => {
    const file = path.join(dir, 'history.json');
    writeFileSync(file, '{"version":1,"entries":[');
    expect(new HistoryStore(file).list()).toEqual([]);
    writeFileSync(file, JSON.stringify({ version: 1, entries: [{ id: 'x' }, entry('ok')] }));
    expect(new HistoryStore(file).list().map((e) => e.id)).toEqual(['ok']);
  });
});
