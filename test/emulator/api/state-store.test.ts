// The durable store on its own: a crash (no close) loses nothing acknowledged, a torn last log
// line is ignored, and path normalisation never lets a path climb out of the package.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { normalisePath } from './paths';
import type { TeamRecord } from './records';
import { SnapshotStore } from './snapshot-store';
import { tempDir } from './test-helpers';

const team = (id: string, name: string): TeamRecord => ({
  id,
  name,
  subdomain: id.toLowerCase(),
  created_at: '2026-01-01T00:00:00.000Z',
});

describe('SnapshotStore', () => {
  it('replays the log after a crash and skips a torn last line', () => {
    const dir = tempDir();
    const a = SnapshotStore.open(dir);
    a.put('teams', team('T1', 'one'));
    a.put('teams', team('T2', 'two'));
    a.put('teams', { ...team('T1', 'one renamed') });
    a.delete('teams', 'T2');
    // No close(): the process "died" here, mid-way through writing one more line.
    appendFileSync(join(dir, 'state.log'), '{"c":"teams","id":"T3","v":{"id":"T3"');
    const b = SnapshotStore.open(dir);
    expect([...b.maps.teams.values()]).toEqual([team('T1', 'one renamed')]);
    b.put('teams', team('T4', 'four'));
    b.close();
    const c = SnapshotStore.open(dir);
    expect([...c.maps.teams.keys()].sort()).toEqual(['T1', 'T4']);
    c.close();
  });
});

describe('normalisePath', () => {
  it('never yields a leading slash, backslash, NUL, drive letter or parent segment', () => {
    const piece = fc.constantFrom('a', 'b c', '..', '.', '', '/', '\\', 'C:', '\u0000', 'é', '...');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        let out: string;
        try {
          out = normalisePath(pieces.join('/'));
        } catch (err) {
          expect(err).toBeInstanceOf(ApiError);
          expect((err as ApiError).status).toBe(400);
          return;
        }
        expect(out.startsWith('/')).toBe(false);
        expect(out.endsWith('/')).toBe(false);
        expect(out.split('/')).not.toContain('..');
        expect(out.includes('\\') || out.includes('\u0000') || out.includes('//')).toBe(false);
        expect(out).not.toMatch(/^[A-Za-z]:/);
      }),
      { numRuns: 500 },
    );
  });
});
