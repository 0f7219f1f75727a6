import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator, FaultRule } from '../../emulator/types';
import { expectedTree, file, harness, hashTree, MiB, publish, tempDir } from './helpers';
import type { Published, SourceFile } from './helpers';

let emu: Emulator;
let files: SourceFile[];
let pub: Published;

beforeAll(async () => {
  emu = await startEmulator({ dataDir: tempDir('masv-dl-emu-') });
  files = [
    file('', 'big.bin', 9 * MiB + 777),
    file('d', 'small-1.txt', 5000),
    file('d', 'small-2.txt', 70_000),
  ];
  // One 9 MiB part: a single-part object, so its plain-MD5 ETag is verified too.
  pub = await publish(emu, files, { chunkSize: 16 * MiB });
});

afterEach(() => {
  emu.faults.clear();
  emu.requestLog.clear();
});

afterAll(async () => {
  await emu?.close();
});

async function downloadWith(
  rules: FaultRule[],
): Promise<{ dest: string; state: string; error?: string }> {
  emu.faults.update({ seed: 7, rules });
  const h = harness(emu, { job: { rangesPerFile: 3, checkpointBytes: MiB } });
  try {
    const dest = tempDir();
    const id = h.manager.start('download', {
      linkUrl: pub.linkUrl,
      destination: dest,
      partSize: MiB,
    });
    const snap = await h.manager.waitFor(id);
    return {
      dest,
      state: snap.state,
      ...(snap.error ? { error: `${snap.error.code}: ${snap.error.message}` } : {}),
    };
  } finally {
    await h.close();
  }
}

const cases: [string, FaultRule[]][] = [
  [
    'storage 5xx',
    [{ route: 'storage:getObject', rate: 0.3, count: 6, action: { kind: 'status', status: 503 } }],
  ],
  [
    'resets mid-body',
    [
      {
        route: 'storage:getObject',
        rate: 0.5,
        count: 6,
        action: { kind: 'reset', afterBytes: 300_000 },
      },
    ],
  ],
  [
    '429 / SlowDown on API and storage',
    [
      {
        route: 'api:downloadFile',
        rate: 0.5,
        count: 2,
        action: { kind: 'throttle', retryAfterSeconds: 0 },
      },
      {
        route: 'storage:getObject',
        rate: 0.3,
        count: 3,
        action: { kind: 'throttle', retryAfterSeconds: 0 },
      },
    ],
  ],
  [
    'expired URLs (403)',
    [{ route: 'storage:getObject', rate: 0.4, count: 5, action: { kind: 'expire' } }],
  ],
  [
    'server ignores Range',
    [{ route: 'storage:getObject', rate: 1, count: 2, action: { kind: 'ignoreRange' } }],
  ],
  [
    'server never honours Range',
    [{ route: 'storage:getObject', rate: 1, action: { kind: 'ignoreRange' } }],
  ],
];

describe('downloads stay byte-identical under faults', () => {
  it.each(cases)('%s', async (_label, rules) => {
    const result = await downloadWith(rules);
    expect(result.error).toBeUndefined();
    expect(result.state).toBe('complete');
    expect(hashTree(result.dest)).toEqual(expectedTree(files));
    const fired = emu.requestLog.entries().filter((e) => e.fault !== undefined);
    expect(fired.length).toBeGreaterThan(0);
  });

  it('a reset mid-body resumes from the last byte received, not from the start of the part', async () => {
    const result = await downloadWith([
      {
        route: 'storage:getObject',
        rate: 1,
        // The small files' GETs and the big file's 777-byte last range may come first and use
        // up a count without being cut (shorter than 200,000 bytes; seen: both small files took
        // the two counts this rule had before); four leaves at least one cut of a 1 MiB range.
        count: 4,
        action: { kind: 'reset', afterBytes: 200_000 },
      },
    ]);
    expect(result.state).toBe('complete');
    expect(hashTree(result.dest)).toEqual(expectedTree(files));
    const starts = emu.requestLog
      .entries()
      .filter((e) => e.route === 'storage:getObject' && e.range)
      .map((e) => Number(/bytes=(\d+)-/.exec(e.range!)?.[1]));
    // Parts start on 1 MiB boundaries; a resumed request starts inside one.
    const cuts = emu.requestLog.entries().filter((e) => e.fault === 'reset');
    expect(
      starts.some((s) => s % MiB !== 0),
      `range starts ${starts.join(',')}; cut requests ${cuts.map((e) => e.range ?? 'whole').join(',')}`,
    ).toBe(true);
  });

  it('renews the URL after a storage 403 instead of failing', async () => {
    const result = await downloadWith([
      { route: 'storage:getObject', rate: 1, count: 3, action: { kind: 'expire' } },
    ]);
    expect(result.state).toBe('complete');
    const urlCalls = emu.requestLog.entries().filter((e) => e.route === 'api:downloadFile');
    // One URL per file plus at least one renewal.
    expect(urlCalls.length).toBeGreaterThan(files.length);
  });

  it('a server that never honours Range is read as one stream, not once per part', async () => {
    const result = await downloadWith([
      { route: 'storage:getObject', rate: 1, action: { kind: 'ignoreRange' } },
    ]);
    expect(result.state).toBe('complete');
    const sent = emu.requestLog
      .entries()
      .filter((e) => e.route === 'storage:getObject')
      .reduce((n, e) => n + e.bytes, 0);
    const total = files.reduce((n, f) => n + f.data.length, 0);
    // Parallel first parts may each read a prefix, but nothing like 9 full passes over 9 MiB.
    expect(sent).toBeLessThan(total * 4);
  });
});
