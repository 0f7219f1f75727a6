import { describe, expect, it } from 'vitest';
import { ProgressView } from '../../../electron/cli/progress-view';
import type { TransferSnapshot } from '../../../shared/transfers';
import { capture } from './cli-harness';

function snapshot(
  bytesDone: number,
  state: TransferSnapshot['state'] = 'transferring',
): TransferSnapshot {
  return {
    id: 'T',
    kind: 'upload',
    state,
    name: 'pkg',
    createdAt: 0,
    bytesDone,
    bytesTotal: 1000,
    filesDone: 0,
    filesTotal: 1,
    rateBytesPerSecond: 100,
    etaSeconds: 5,
    seq: bytesDone,
  };
}

describe('ProgressView', () => {
  it('redraws one TTY line at most 4 times per second, state changes at once', () => {
    let t = 0;
    const stream = capture(true);
    const view = new ProgressView({ stream, now: () => t });
    // 100 updates over 2 simulated seconds.
    for (let i = 0; i < 100; i++) {
      t = i * 20;
      view.update(snapshot(i * 10));
    }
    expect(view.redraws).toBeLessThanOrEqual(2 * 4 + 1);
    expect(view.redraws).toBeGreaterThanOrEqual(8);
    const before = view.redraws;
    view.update(snapshot(995, 'finalizing'));
    expect(view.redraws).toBe(before + 1);
    view.finish();
    expect(stream.text.includes('\n')).toBe(true);
    expect(stream.text.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(stream.text).toContain('\r\x1b[2K');
  });

  it('prints plain periodic lines without control characters when not a TTY', () => {
    let t = 0;
    const stream = capture(false);
    const view = new ProgressView({ stream, now: () => t, plainIntervalMs: 1000 });
    for (let i = 0; i <= 50; i++) {
      t = i * 100;
      view.update(snapshot(i * 20));
    }
    view.update(snapshot(1000, 'complete'));
    view.finish();
    const lines = stream.text.trimEnd().split('\n');
    expect(lines.length).toBe(6 + 1);
    expect(lines[0]).toMatch(/^pkg: +0% /);
    expect(lines.at(-1)).toMatch(/^pkg: 100% .*complete$/);
    // eslint-disable-next-line no-control-regex
    expect(stream.text).not.toMatch(/[\r\x1b]/);
  });

  it('falls back to 80 columns when the terminal reports none', () => {
    const stream = capture(true);
    stream.columns = 0;
    const view = new ProgressView({ stream, now: () => 0 });
    view.update(snapshot(500));
    expect(stream.text.startsWith('\r\x1b[2K[#')).toBe(true);
    expect(stream.text).toMatch(/-\] +50% /);
  });

  it('keeps messages on their own lines and is silent in JSON mode', () => {
    const stream = capture(true);
    const view = new ProgressView({ stream, now: () => 0 });
    view.update(snapshot(10));
    view.message('retrying part 3');
    expect(stream.text).toContain('\r\x1b[2Kretrying part 3\n');
    const quiet = capture(true);
    const silent = new ProgressView({ stream: quiet, silent: true });
    silent.update(snapshot(10));
    silent.finish();
    expect(quiet.text).toBe('');
  });
});
