// `npm run bench:ui`: the window's own speed, in Chromium, on the production renderer served by
// the real preview server and WebSocket transport. Main is a scripted stand-in that answers with
// 10,000 transfers (and one with 10,000 files) and pushes progress like a busy engine. Prints a
// table of figures against their targets; asserts nothing.
//
//   npm run bench:ui              full run (2 minutes of pushes for the heap figure)
//   npm run bench:ui -- --quick   20 s of pushes
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { AppCore } from '../electron/core/app-core';
import { startPreviewServer } from '../electron/preview/preview-server';
import type { TransferFiles, TransferView } from '../shared/schemas/transfer-view';
import { DEFAULT_SETTINGS } from '../shared/schemas/settings';
import { fakeHandlers } from '../test/fakes/fake-handlers';

const QUICK = process.argv.includes('--quick');
const HEAP_WINDOW_MS = QUICK ? 20_000 : 120_000;
const MOVING = 50;
const PUSHES_PER_SECOND_EACH = 4;
const MiB = 1024 * 1024;

function view(i: number, over: Partial<TransferView> = {}): TransferView {
  return {
    id: `t${String(i).padStart(5, '0')}`,
    kind: i % 3 === 0 ? 'download' : 'upload',
    state: i < MOVING ? 'transferring' : i % 7 === 0 ? 'failed' : 'complete',
    name: `Package ${i}`,
    createdAt: 1_700_000_000_000 - i,
    bytesDone: 10 * MiB,
    bytesTotal: 100 * MiB,
    filesDone: 1,
    filesTotal: 3,
    rateBytesPerSecond: i < MOVING ? 20 * MiB : 0,
    etaSeconds: i < MOVING ? 4 : null,
    seq: 1,
    hasLink: false,
    ...over,
  };
}

const transfers = Array.from({ length: 10_000 }, (_, i) => view(i));
const files: TransferFiles = {
  id: 't00000',
  files: Array.from({ length: 10_000 }, (_, i) => ({
    path: `Reel ${Math.floor(i / 100)}/clip-${i}.mov`,
    size: 50 * MiB,
    bytesDone: i < 5_000 ? 50 * MiB : 0,
    state: i < 5_000 ? ('complete' as const) : ('queued' as const),
  })),
  skipped: [],
  renamed: [],
};

const settingsSnapshot = {
  serverUrl: 'http://127.0.0.1:1',
  downloadFolder: '/tmp',
  uploadLimitBytesPerSecond: null,
  downloadLimitBytesPerSecond: null,
  scheduleInForce: null,
  values: (({ version: _v, serverUrl: _s, teamId: _t, teamName: _n, ...v }) => v)(DEFAULT_SETTINGS),
};

type Push = (channel: string, payload: unknown) => void;

// In-page code, as plain JavaScript (the bench is type-checked for Node, not the DOM).

/** Main-thread time per push: from a message's arrival until the thread is free again (the
 * store update and the React render it schedules both run before that: two task turns). */
const MEASURE_PUSHES = `
  window.__pushCosts = [];
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    return add.call(this, type, (e) => {
      const t0 = performance.now();
      listener(e);
      const a = new MessageChannel();
      a.port1.onmessage = () => {
        const b = new MessageChannel();
        b.port1.onmessage = () => window.__pushCosts.push(performance.now() - t0);
        b.port2.postMessage(0);
      };
      a.port2.postMessage(0);
    }, options);
  };`;

const frame = 'await new Promise((r) => requestAnimationFrame(r));';

/** From another place back to Transfers: time until rows are on screen. */
const OPEN_QUEUE = `(async () => {
  const t0 = performance.now();
  [...document.querySelectorAll('nav button')].find((b) => b.textContent.startsWith('Transfers')).click();
  while (!document.querySelector('[data-transfer-id]')) ${frame}
  ${frame}
  return performance.now() - t0;
})()`;

/** Expanding the 10,000-file transfer: time until its file rows are on screen. */
const OPEN_FILES = `(async () => {
  const row = document.querySelector('[data-transfer-id="t00000"]');
  const expand = row.querySelector('button[aria-expanded]');
  const t0 = performance.now();
  expand.click();
  while (!row.querySelector('.file-row')) ${frame}
  ${frame}
  const ms = performance.now() - t0;
  expand.click();
  ${frame}
  return ms;
})()`;

async function main(): Promise<void> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'masv-bench-ui-'));
  execFileSync(process.execPath, ['scripts/build-renderer.mjs', '--out-dir', rendererDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let push: Push = () => undefined;
  const core = {
    handlers: fakeHandlers({
      'app:ready': () => ({ pendingLinks: [], host: { kind: 'preview', platform: 'linux' } }),
      'account:get': () => ({
        state: 'signed-in',
        serverUrl: 'http://127.0.0.1:1',
        production: false,
        method: 'api-key',
        teams: [{ id: 'team', name: 'Bench Team' }],
        teamId: 'team',
        secretBackend: 'keychain',
      }),
      'transfers:list': () => transfers,
      'transfers:files': () => files,
      'staging:get': () => ({
        items: [],
        scanning: [],
        errors: [],
        totals: { files: 0, bytes: 0, folders: 0, emptyFiles: 0, skipped: 0 },
      }),
      'settings:get': () => settingsSnapshot,
    }),
    onPush: (listener: Push) => {
      push = listener;
      return () => undefined;
    },
    links: { markNotReady: () => undefined },
  } as unknown as AppCore;
  const server = await startPreviewServer({ core, rendererDir });
  const browser = await chromium.launch({
    ...(process.platform === 'linux' ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  const rows: string[][] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    // Main-thread time per push: from the message's arrival until the thread is free again
    // (the store update and the React render it schedules both run before that).
    await page.addInitScript({ content: MEASURE_PUSHES });
    await page.goto(server.pageUrl());
    await page.getByRole('listitem', { name: /^(Upload|Download) Package 0$/ }).waitFor();

    // 1. First render of the 10,000-transfer queue: leave the place, come back, time to rows.
    const nav = page.getByRole('navigation', { name: 'Places' });
    const queueMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      await nav.getByRole('button', { name: 'Send' }).click();
      queueMs.push(await page.evaluate<number>(OPEN_QUEUE));
    }

    // 2. First render of a 10,000-file transfer's file list: expand the row, time to file rows.
    const filesMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      filesMs.push(await page.evaluate<number>(OPEN_FILES));
    }

    // 3. Pushes: 50 transfers moving at 4 pushes a second each, for the heap window.
    const heap = () =>
      page.evaluate<number>('globalThis.gc?.(), performance.memory.usedJSHeapSize');
    await page.evaluate('window.__pushCosts.length = 0');
    const heapBefore = await heap();
    let seq = 2;
    const started = Date.now();
    const interval = 1000 / (MOVING * PUSHES_PER_SECOND_EACH);
    let next = 0;
    while (Date.now() - started < HEAP_WINDOW_MS) {
      const i = next++ % MOVING;
      const done = (seq * 256 * 1024) % (100 * MiB);
      push('transfers:transfer-changed', {
        type: 'progress',
        snapshot: view(i, { seq: seq++, bytesDone: done }),
      });
      await new Promise((r) => setTimeout(r, interval));
    }
    await page.waitForTimeout(500);
    const heapAfter = await heap();
    const costs = (await page.evaluate<number[]>('window.__pushCosts')).sort((a, b) => a - b);
    const q = (p: number) => costs[Math.min(costs.length - 1, Math.floor(p * costs.length))] ?? NaN;
    const median = (xs: number[]) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const growth = ((heapAfter - heapBefore) / heapBefore) * 100;

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    const ok = (good: boolean) => (good ? 'met' : 'MISSED');
    rows.push([
      'first render, 10,000-transfer queue (median of 5)',
      ms(median(queueMs)),
      '< 200 ms',
      ok(median(queueMs) < 200),
    ]);
    rows.push([
      'first render, 10,000-file list (median of 5)',
      ms(median(filesMs)),
      '< 200 ms',
      ok(median(filesMs) < 200),
    ]);
    rows.push([
      `apply one push, median (${costs.length.toLocaleString('en-US')} pushes)`,
      ms(q(0.5)),
      '< 4 ms',
      ok(q(0.5) < 4),
    ]);
    rows.push(['apply one push, p95', ms(q(0.95)), '< 16 ms', ok(q(0.95) < 16)]);
    rows.push([
      `JS heap after ${HEAP_WINDOW_MS / 1000} s of pushes`,
      `${(heapBefore / MiB).toFixed(1)} → ${(heapAfter / MiB).toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %)`,
      '≤ +10 %',
      ok(growth <= 10),
    ]);
  } finally {
    await browser.close();
    await server.close();
    rmSync(rendererDir, { recursive: true, force: true });
  }
  console.log(
    `\n### Window (Chromium, production renderer over the preview transport${QUICK ? ', --quick' : ''})\n`,
  );
  console.log('| figure | measured | target | |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

await main();
