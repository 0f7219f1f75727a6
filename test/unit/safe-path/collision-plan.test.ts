import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numberedName, planCollisions, planDownloadPaths } from '../../../shared/safe-path';
import type { CollisionPolicy, ExistingEntry, TargetOs } from '../../../shared/safe-path';

const files = (...paths: string[]) => paths.map((path, i) => ({ id: `f${i}`, path }));

describe('numberedName', () => {
  it.each([
    ['clip.mov', 1, 'clip (1).mov'],
    ['archive.tar.gz', 2, 'archive (2).tar.gz'],
    ['.bashrc', 1, '.bashrc (1)'],
    ['README', 3, 'README (3)'],
  ])('%s #%d → %s', (name, n, expected) => {
    expect(numberedName(name, n)).toBe(expected);
  });
});

describe('planCollisions', () => {
  const existing: ExistingEntry[] = [
    { path: 'a.txt', kind: 'file' },
    { path: 'a (1).txt', kind: 'file' },
    { path: 'docs', kind: 'directory' },
    { path: 'blocker', kind: 'file' },
  ];

  it('rename policy adds the first free " (n)" suffix', () => {
    const plan = planCollisions(files('a.txt', 'b.txt'), existing, {
      os: 'linux',
      policy: 'rename',
    });
    expect(plan.map((p) => [p.finalPath, p.action, p.reason])).toEqual([
      ['a (2).txt', 'rename', 'exists'],
      ['b.txt', 'create', undefined],
    ]);
  });

  it('skip policy skips existing files', () => {
    const plan = planCollisions(files('a.txt', 'b.txt'), existing, { os: 'linux', policy: 'skip' });
    expect(plan.map((p) => [p.finalPath, p.action])).toEqual([
      [null, 'skip'],
      ['b.txt', 'create'],
    ]);
  });

  it('overwrite policy overwrites files but never replaces a folder with a file', () => {
    const plan = planCollisions(files('a.txt', 'docs'), existing, {
      os: 'linux',
      policy: 'overwrite',
    });
    expect(plan.map((p) => [p.finalPath, p.action, p.reason])).toEqual([
      ['a.txt', 'overwrite', 'exists'],
      ['docs (1)', 'rename', 'exists-as-folder'],
    ]);
  });

  it('files may go into an existing folder', () => {
    const plan = planCollisions(files('docs/x.pdf'), existing, { os: 'linux', policy: 'rename' });
    expect(plan[0]).toMatchObject({ finalPath: 'docs/x.pdf', action: 'create' });
  });

  it('renames a package folder whose name is taken by a file, consistently for all its files', () => {
    const plan = planCollisions(
      files('blocker/one', 'blocker/two', 'blocker/sub/three'),
      existing,
      {
        os: 'linux',
        policy: 'overwrite',
      },
    );
    expect(plan.map((p) => p.finalPath)).toEqual([
      'blocker (1)/one',
      'blocker (1)/two',
      'blocker (1)/sub/three',
    ]);
    expect(plan[0]?.reason).toBe('folder-name-taken-by-file');
  });

  it('case-only differences clash on win32 and darwin, not on linux', () => {
    const input = files('Report.pdf', 'report.pdf', 'REPORT.PDF');
    for (const os of ['win32', 'darwin'] as const) {
      const plan = planCollisions(input, [], { os, policy: 'overwrite' });
      expect(plan.map((p) => p.finalPath)).toEqual([
        'Report.pdf',
        'report (1).pdf',
        'REPORT (2).PDF',
      ]);
      expect(plan.slice(1).every((p) => p.reason === 'duplicate-in-package')).toBe(true);
    }
    const linux = planCollisions(input, [], { os: 'linux', policy: 'overwrite' });
    expect(linux.map((p) => p.action)).toEqual(['create', 'create', 'create']);
  });

  it('case-insensitive clash with an existing file follows the policy', () => {
    const plan = planCollisions(files('A.TXT'), existing, { os: 'win32', policy: 'rename' });
    expect(plan[0]).toMatchObject({ finalPath: 'A (2).TXT', action: 'rename', reason: 'exists' });
  });

  it('a file and a folder of the same name in the package both survive', () => {
    const plan = planCollisions(files('x', 'x/inner'), [], { os: 'linux', policy: 'skip' });
    expect(plan.map((p) => p.finalPath)).toEqual(['x', 'x (1)/inner']);
    const reverse = planCollisions(files('x/inner', 'x'), [], { os: 'linux', policy: 'skip' });
    expect(reverse.map((p) => p.finalPath)).toEqual(['x/inner', 'x (1)']);
  });
});

describe('planDownloadPaths report', () => {
  it('accounts for every hostile entry, with reasons', () => {
    const hostile = [
      { id: '1', path: '', name: '../escape' },
      { id: '2', path: '', name: '/etc/x' },
      { id: '3', path: '', name: 'C:\\x' },
      { id: '4', path: 'a/../../b', name: 'c' },
      { id: '5', path: '', name: 'CON' },
      { id: '6', path: '', name: 'nul.txt' },
      { id: '7', path: '', name: 'nu\u0000l' },
      { id: '8', path: '', name: 'n'.repeat(300) },
      { id: '9', path: '', name: 'Same.txt' },
      { id: '10', path: '', name: 'same.txt' },
      { id: '11', path: '', name: 'escape' },
    ];
    const plan = planDownloadPaths(hostile, [{ path: 'escape', kind: 'file' }], {
      os: 'win32',
      policy: 'skip',
    });
    expect(plan.entries).toHaveLength(hostile.length);
    const byId = new Map(plan.entries.map((e) => [e.id, e]));
    expect(byId.get('1')).toMatchObject({
      finalPath: null,
      action: 'skip',
      collision: 'exists',
      nameReasons: ['dot-segment'],
    });
    expect(byId.get('2')?.finalPath).toBe('etc/x');
    expect(byId.get('3')?.finalPath).toBe('x');
    expect(byId.get('4')?.finalPath).toBe('a/b/c');
    expect(byId.get('5')?.finalPath).toBe('_CON');
    expect(byId.get('6')?.finalPath).toBe('_nul.txt');
    // NUL removal yields "nul", itself a reserved device name.
    expect(byId.get('7')?.finalPath).toBe('_nul');
    expect(byId.get('8')?.finalPath).toHaveLength(240);
    expect(byId.get('10')).toMatchObject({
      finalPath: 'same (1).txt',
      collision: 'duplicate-in-package',
    });
    expect(plan.skipped.map((s) => s.id)).toEqual(['1', '11']);
    expect(plan.renamed.map((r) => r.id).sort()).toEqual(['10', '2', '3', '4', '5', '6', '7', '8']);
  });
});

describe('property: final paths are unique on the target and never escape', () => {
  const segment = fc.constantFrom(
    'a',
    'A',
    'b',
    'x.txt',
    'X.TXT',
    'dir',
    'Dir',
    '..',
    'con',
    'a (1)',
    '日本',
  );
  const pathArb = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
  it('holds for random packages and destinations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pathArb, segment), { maxLength: 25 }),
        fc.array(fc.tuple(pathArb, fc.constantFrom<'file' | 'directory'>('file', 'directory')), {
          maxLength: 8,
        }),
        fc.constantFrom<TargetOs>('win32', 'darwin', 'linux'),
        fc.constantFrom<CollisionPolicy>('rename', 'skip', 'overwrite'),
        (entries, existing, os, policy) => {
          const input = entries.map(([path, name], i) => ({ id: String(i), path, name }));
          const plan = planDownloadPaths(
            input,
            existing.map(([path, kind]) => ({ path, kind })),
            { os, policy },
          );
          expect(plan.entries).toHaveLength(input.length);
          const fold = (p: string) => (os === 'linux' ? p : p.toLowerCase());
          const finals = plan.entries.flatMap((e) =>
            e.finalPath === null ? [] : [fold(e.finalPath)],
          );
          expect(new Set(finals).size).toBe(finals.length);
          const folders = new Set(
            finals.flatMap((p) =>
              p
                .split('/')
                .slice(0, -1)
                .map((_, i, a) => a.slice(0, i + 1).join('/')),
            ),
          );
          for (const f of finals) {
            expect(folders.has(f)).toBe(false);
            expect(f.split('/')).not.toContain('..');
          }
          for (const e of plan.entries) {
            if (e.finalPath === null) expect(policy === 'skip').toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
