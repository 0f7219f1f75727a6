import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { RENDERER_CSP_HEADER, resolveBundlePath } from '../../../electron/app/app-protocol';
import { PowerGuard } from '../../../electron/app/power';
import { trayModel } from '../../../electron/app/tray-model';
import type { TransferSnapshot } from '../../../shared/transfers';

const t = (state: TransferSnapshot['state'], done = 0, total = 100): TransferSnapshot => ({
  id: state,
  kind: 'upload',
  state,
  name: state,
  createdAt: 0,
  bytesDone: done,
  bytesTotal: total,
  filesDone: 0,
  filesTotal: 1,
  rateBytesPerSecond: 0,
  etaSeconds: null,
  seq: 0,
});

describe('resolveBundlePath', () => {
  const dir = path.resolve('/opt/app/renderer');
  it('serves files inside the bundle and index.html for the root', () => {
    expect(resolveBundlePath(dir, 'app://bundle/')).toBe(path.join(dir, 'index.html'));
    expect(resolveBundlePath(dir, 'app://bundle/assets/main-abc.js')).toBe(
      path.join(dir, 'assets/main-abc.js'),
    );
  });
  it('refuses anything that leaves the bundle or is not the app origin', () => {
    for (const u of [
      'app://bundle/..%2f..%2fetc',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://bundle/a%00b',
      'app://bundle/%E0%A4%A',
    ]) {
      expect(resolveBundlePath(dir, u), u).toBeUndefined();
    }
  });
  it('keeps dot segments that URL parsing already resolved inside the bundle', () => {
    expect(resolveBundlePath(dir, 'app://bundle/../main/main.js')).toBe(
      path.join(dir, 'main/main.js'),
    );
    expect(resolveBundlePath(dir, 'app://bundle/%2e%2e/%2e%2e/etc/passwd')).toBe(
      path.join(dir, 'etc/passwd'),
    );
  });
});

describe('PowerGuard', () => {
  it('blocks suspension only while something moves, and releases it after', () => {
    const calls: string[] = [];
    const g = new PowerGuard({
      start: () => (calls.push('start'), 7),
      stop: (id) => void calls.push(`stop ${id}`),
    });
    g.update([t('queued'), t('paused')]);
    expect(g.holding).toBe(false);
    g.update([t('transferring')]);
    g.update([t('transferring'), t('finalizing')]);
    expect(g.holding).toBe(true);
    g.update([t('complete')]);
    expect(calls).toEqual(['start', 'stop 7']);
  });
});

describe('trayModel', () => {
  it('summarises moving transfers and enables only the sensible actions', () => {
    const m = trayModel([t('transferring', 30, 100), t('transferring', 20, 100), t('paused')]);
    expect(m.tooltip).toBe('MASV Desktop — 2 transfers, 25%');
    expect(m.items.find((i) => i.command === 'pause-all')!.enabled).toBe(true);
    expect(m.items.find((i) => i.command === 'resume-all')!.enabled).toBe(true);
    const idle = trayModel([t('complete')]);
    expect(idle.tooltip).toBe('MASV Desktop');
    expect(idle.items.filter((i) => i.enabled).map((i) => i.command)).toEqual(['show', 'quit']);
    expect(idle.progress).toBeNull();
  });

  it('lists what moves with its percent, and gives the taskbar the overall fraction', () => {
    const m = trayModel([t('transferring', 30, 100), t('finalizing', 20, 100), t('paused', 1, 9)]);
    const listed = m.items.filter((i) => i.transferId !== undefined);
    expect(listed.map((i) => i.label)).toEqual([
      expect.stringMatching(/ — 30%$/),
      expect.stringMatching(/ — 20%$/),
    ]);
    expect(m.progress).toBeCloseTo(0.25);
    const many = trayModel(Array.from({ length: 8 }, () => t('transferring', 1, 2)));
    expect(many.items.filter((i) => i.transferId !== undefined)).toHaveLength(5);
    expect(many.items.some((i) => i.label === '… and 3 more')).toBe(true);
  });
});

describe('RENDERER_CSP_HEADER', () => {
  it("is the page's own <meta> policy plus frame-ancestors", () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(RENDERER_CSP_HEADER).toBe(`${meta}; frame-ancestors 'none'`);
  });
});
