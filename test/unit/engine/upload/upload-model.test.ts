import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, newModel } from '../../../../electron/engine/upload/upload-model';
import { compactRecords, replay } from '../../../../electron/engine/upload/upload-replay';
import type { UploadHeader, UploadRecord } from '../../../../electron/engine/upload/upload-model';

const header: UploadHeader = {
  t: 'header',
  kind: 'upload',
  v: 1,
  id: 'U1',
  createdAt: 5,
  secretsOmitted: false,
  input: {
    paths: ['/a'],
    name: 'n',
    description: '',
    target: { kind: 'team', teamId: 'T', recipients: [] },
    finalize: true,
    verifyEtags: false,
  },
};
const plan: UploadRecord = {
  t: 'plan',
  files: [
    { p: '/a/1', d: 'a', n: '1', s: 12, m: 1, c: 5, k: 3 },
    { p: '/a/2', d: 'a', n: '2', s: 3, m: 1, c: 5, k: 1 },
  ],
  skipped: ['/a/.DS_Store: system file'],
  renamed: [],
};

describe('upload model', () => {
  it('replays a journal into the state resume needs', () => {
    const m = replay([
      header,
      plan,
      { t: 'package', id: 'P', token: 'tok' },
      { t: 'file', i: 0, fileId: 'F0' },
      { t: 'mp', i: 0, uploadId: 'UP' },
      { t: 'part', i: 0, n: 2, e: '"b"' },
      { t: 'state', s: 'paused' },
    ]);
    expect(m.packageId).toBe('P');
    expect(m.files?.[0]).toMatchObject({ fileId: 'F0', uploadId: 'UP', done: false });
    // A part recorded without its range (journals before variable parts) is chunk-sized.
    expect([...m.files![0]!.acked]).toEqual([[2, { start: 5, length: 5, etag: '"b"' }]]);
    expect(m.files![0]!.ackedBytes).toBe(5);
    expect(m.lastState).toBe('paused');
  });

  it('keeps the range of each part, the limits of the plan and the measured stream rate', () => {
    const m = replay([
      header,
      { ...plan, lim: { min: 1, max: 9, count: 4 } },
      { t: 'file', i: 0, fileId: 'F0' },
      { t: 'mp', i: 0, uploadId: 'UP' },
      { t: 'part', i: 0, n: 1, e: 'a', s: 0, l: 7 },
      { t: 'part', i: 0, n: 2, e: 'b', s: 7, l: 5 },
      { t: 'rate', bps: 1234 },
    ]);
    expect(m.files![0]!.acked.get(2)).toEqual({ start: 7, length: 5, etag: 'b' });
    expect(m.files![0]!.ackedBytes).toBe(12);
    expect(m.limits).toEqual({ min: 1, max: 9, count: 4 });
    expect(m.streamRate).toBe(1234);
    const again = replay(compactRecords(m));
    expect(again.files![0]!.acked).toEqual(m.files![0]!.acked);
    expect([again.limits, again.streamRate]).toEqual([m.limits, m.streamRate]);
  });

  it('empty folders are planned, marked once added, and survive compaction', () => {
    const withDirs: UploadRecord = {
      ...plan,
      dirs: [
        { d: 'a', n: 'empty', m: 3 },
        { d: '', n: 'top', m: 4 },
      ],
    };
    const m = replay([header, withDirs, { t: 'dir', i: 1, fileId: 'D1' }]);
    expect(m.dirs).toEqual([
      { i: 0, dir: 'a', name: 'empty', mtimeMs: 3 },
      { i: 1, dir: '', name: 'top', mtimeMs: 4, fileId: 'D1' },
    ]);
    expect(replay(compactRecords(m)).dirs).toEqual(m.dirs);
    // Journals from before empty folders were sent have none.
    expect(replay([header, plan]).dirs).toEqual([]);
  });

  it('re-adding a file resets its upload id and parts', () => {
    const m = newModel(header);
    apply(m, plan);
    apply(m, { t: 'file', i: 0, fileId: 'F0' });
    apply(m, { t: 'mp', i: 0, uploadId: 'U' });
    apply(m, { t: 'part', i: 0, n: 1, e: 'x' });
    apply(m, { t: 'file', i: 0, fileId: 'F0b' });
    expect(m.files?.[0]?.fileId).toBe('F0b');
    expect(m.files?.[0]?.uploadId).toBeUndefined();
    expect(m.files?.[0]?.acked.size).toBe(0);
    expect(m.files?.[0]?.ackedBytes).toBe(0);
  });

  it('property: compacting then replaying gives the same state as replaying everything', () => {
    const rec = fc.oneof(
      fc.record({
        t: fc.constant('file' as const),
        i: fc.integer({ min: 0, max: 1 }),
        fileId: fc.string({ minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        t: fc.constant('mp' as const),
        i: fc.integer({ min: 0, max: 1 }),
        uploadId: fc.string({ minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        t: fc.constant('part' as const),
        i: fc.integer({ min: 0, max: 1 }),
        n: fc.integer({ min: 1, max: 3 }),
        e: fc.string({ maxLength: 4 }),
        s: fc.integer({ min: 0, max: 11 }),
        l: fc.integer({ min: 1, max: 5 }),
      }),
      fc.record({ t: fc.constant('fdone' as const), i: fc.integer({ min: 0, max: 1 }) }),
      fc.record({
        t: fc.constant('state' as const),
        s: fc.constantFrom('paused' as const, 'transferring' as const, 'idle' as const),
      }),
    );
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 40 }), (tail) => {
        const all: UploadRecord[] = [header, plan, { t: 'package', id: 'P', token: 't' }, ...tail];
        const full = replay(all);
        const again = replay(compactRecords(full));
        const view = (m: typeof full) => ({
          pkg: [m.packageId, m.token, m.lastState],
          files: m.files?.map((f) => ({
            id: f.fileId,
            up: f.done ? 'done' : f.uploadId,
            done: f.done,
            parts: f.done ? [] : [...f.acked].sort((a, b) => a[0] - b[0]),
            bytes: f.done ? 0 : f.ackedBytes,
          })),
        });
        expect(view(again)).toEqual(view(full));
      }),
    );
  });
});
