// Which listed packages count as spares of a retried create (pure rules of package-spares.ts).
import { describe, expect, it } from 'vitest';
import { mayHaveActed, spareCandidates } from '../../../electron/masv/package-spares';
import type { PackageWire } from '../../../electron/masv/schemas';

const ours = { id: 'OURS', createdAt: '2026-01-01T00:00:10.000Z' };
const q = { ours, name: 'Day 1', description: '', elapsedMs: 3000 };

function pkg(over: Partial<PackageWire>): PackageWire {
  return {
    id: 'X',
    access_token: 'tok',
    name: 'Day 1',
    description: '',
    state: 'new',
    total_files: 0,
    created_at: '2026-01-01T00:00:08.000Z',
    ...over,
  };
}

describe('spareCandidates', () => {
  it.each([
    ['an empty new package of the same name made during the retries', {}, true],
    ['the package that answered', { id: 'OURS' }, false],
    [
      'one made before the first attempt (window = elapsed + 2 s)',
      { created_at: '2026-01-01T00:00:04.999Z' },
      false,
    ],
    ['one made at the window edge', { created_at: '2026-01-01T00:00:05.000Z' }, true],
    ['one made after ours', { created_at: '2026-01-01T00:00:10.001Z' }, false],
    ['another name', { name: 'Day 2' }, false],
    ['another description', { description: 'x' }, false],
    ['one holding files', { total_files: 1 }, false],
    ['a finalized one', { state: 'finalized' }, false],
    ['one without a token to delete it with', { access_token: null }, false],
    ['one without created_at', { created_at: null }, false],
  ])('%s → %s', (_what, over, expected) => {
    expect(spareCandidates([pkg(over as Partial<PackageWire>)], q).length === 1).toBe(expected);
  });

  it('finds nothing when the answer had no usable created_at', () => {
    expect(spareCandidates([pkg({})], { ...q, ours: { id: 'OURS', createdAt: 'soon' } })).toEqual(
      [],
    );
  });

  it('only failures after which the server may have acted count', () => {
    expect(mayHaveActed('rate-limited')).toBe(false);
    for (const code of ['network', 'timeout', 'server-error'])
      expect(mayHaveActed(code)).toBe(true);
  });
});
