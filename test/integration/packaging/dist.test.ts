// `npm run dist` finds the pinned Electron (unpacked, or a zip in the Electron cache) before it
// builds anything, and where there is none and none can be downloaded it stops with one
// sentence. Downloads go to a closed loopback port here, never to the network; the packaging
// itself is checked by electron-builder.test.ts against a stand-in binary.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const VERSION = '45.5.0';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'dist-test-'));
  dirs.push(d);
  return d;
}

/** scripts/dist.mjs with empty Electron caches and a home of its own. */
function dist(args: string[], env: Record<string, string> = {}) {
  const home = temp();
  const clean = { ...process.env };
  delete clean.MASV_ELECTRON_DIST;
  delete clean.ELECTRON_CACHE;
  delete clean.electron_config_cache;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['scripts/dist.mjs', ...args],
      {
        cwd: ROOT,
        env: { ...clean, HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), ...env },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const installed = existsSync(path.join(ROOT, 'node_modules', 'electron', 'dist', 'version'));
if (installed) console.warn('dist failure test skipped: this checkout has a real Electron binary');

describe.runIf(process.platform === 'linux')('npm run dist', () => {
  it.skipIf(installed)(
    'without an Electron binary stops with one sentence, before building anything',
    async () => {
      const port = await closedPort();
      const releaseBefore = existsSync(path.join(ROOT, 'release'));
      const r = await dist([], { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `npm run dist: no Electron ${VERSION} binary for linux-${process.arch} is installed or cached here and it could not be downloaded (ECONNREFUSED), so no installer can be built on this machine; the packaging test that npm test runs (test/integration/packaging) checks the same electron-builder configuration against a stand-in binary instead.\n`,
      );
      expect(existsSync(path.join(ROOT, 'release'))).toBe(releaseBefore);
    },
  );

  it('uses an unpacked Electron named by MASV_ELECTRON_DIST', async () => {
    const stub = temp();
    writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(stub, 'electron'), 0o755);
    writeFileSync(path.join(stub, 'version'), `v${VERSION}`);
    const r = await dist(['--dry-run'], { MASV_ELECTRON_DIST: stub });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `Electron ${VERSION}: ${stub}\nelectron-builder --linux --config electron-builder.yml -c.electronDist=${stub}\n`,
    );

    // Another version in that folder does not count.
    writeFileSync(path.join(stub, 'version'), 'v44.0.0');
    const other = await dist(['--dry-run'], { MASV_ELECTRON_DIST: stub });
    expect(other.stdout).not.toContain(stub);
  });

  it.skipIf(installed)(
    'uses a downloaded zip from the Electron cache, and passes other arguments on',
    async () => {
      const cache = temp();
      const sub = path.join(cache, '0123abcd');
      mkdirSync(sub);
      writeFileSync(path.join(sub, `electron-v${VERSION}-linux-${process.arch}.zip`), '');
      const r = await dist(['--dry-run', 'tar.gz'], { electron_config_cache: cache });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        `electron-builder --linux tar.gz --config electron-builder.yml -c.electronDist=${sub}\n`,
      );
    },
  );
});
