import { describe, expect, it } from 'vitest';
import { compactRecords, replayDownload } from '../../../electron/engine/download/download-journal';
import type { DownloadRecord } from '../../../electron/engine/download/download-journal';

const file = {
  id: 'F',
  original: 'a',
  size: 100,
  finalPath: 'a',
  partPath: 'a.part',
  overwrite: false,
};
const records: DownloadRecord[] = [
  { t: 'header', kind: 'download', v: 1, id: 'T', createdAt: 5 },
  { t: 'request', request: { linkUrl: 'https://get.massive.app/x?secret=y', destination: '/d' } },
  {
    t: 'session',
    apiUrl: 'https://api.massive.app',
    packageId: 'P',
    packageToken: 'tok',
    name: 'n',
    linkHost: 'get.massive.app',
  },
  { t: 'plan', destination: '/d', files: [file, { ...file, id: 'G' }], renamed: [], skipped: [] },
  { t: 'range', f: 'F', s: 0, e: 10 },
  { t: 'range', f: 'F', s: 10, e: 30 },
  { t: 'range', f: 'G', s: 50, e: 60 },
  { t: 'etag', f: 'G', etag: '"x"' },
  { t: 'file-reset', f: 'G' },
  { t: 'range', f: 'G', s: 0, e: 5 },
  { t: 'file-done', f: 'F' },
  { t: 'state', state: 'paused' },
];

describe('download journal', () => {
  it('replays ranges, resets and states', () => {
    const r = replayDownload(records);
    expect(r.id).toBe('T');
    expect(r.ranges.get('F')?.list()).toEqual([{ start: 0, end: 30 }]);
    expect(r.ranges.get('G')?.list()).toEqual([{ start: 0, end: 5 }]);
    expect(r.etags.has('G')).toBe(false);
    expect([...r.done]).toEqual(['F']);
    expect(r.lastState).toBe('paused');
  });

  it('compaction keeps the same knowledge in fewer records', () => {
    const compacted = compactRecords(replayDownload(records));
    expect(compacted.length).toBeLessThan(records.length);
    expect(compacted[0]).toMatchObject({ t: 'header', kind: 'download' });
    const again = replayDownload(compacted);
    expect(again.ranges.get('F')?.list()).toEqual([{ start: 0, end: 30 }]);
    expect(again.ranges.get('G')?.list()).toEqual([{ start: 0, end: 5 }]);
    expect([...again.done]).toEqual(['F']);
    expect(again.lastState).toBe('paused');
  });
});
