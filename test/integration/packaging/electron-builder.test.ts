// Packages the app with electron-builder exactly as a release would, but for `--linux dir` and
// with a stand-in Electron binary (no real one can be downloaded here; ENVIRONMENT.md). That
// still checks the builder config, what lands in app.asar, that keytar's native addon is
// unpacked, the tray icon resource, and that the security fuses are flipped in the binary.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Fuse order of @electron/fuses V1: runAsNode, cookieEncryption, nodeOptions, nodeCliInspect,
// embeddedAsarIntegrity, onlyLoadAppFromAsar, browserV8Snapshot, grantFileProtocolPrivileges.
const ELECTRON_DEFAULTS = '10110001';
const EXPECTED = '01001100';

describe('electron-builder --linux dir', () => {
  let dir: string;
  let unpacked: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pack-'));
    const dist = path.join(dir, 'electron-dist');
    await run('mkdir', ['-p', dist]);
    // A shell script that carries Electron's fuse wire after the sentinel, as the real binary does.
    writeFileSync(
      path.join(dist, 'electron'),
      `#!/bin/sh\nexit 0\n# ${SENTINEL}\u0001\u0008${ELECTRON_DEFAULTS}\n`,
      'latin1',
    );
    chmodSync(path.join(dist, 'electron'), 0o755);
    writeFileSync(path.join(dist, 'version'), 'v45.5.0');
    // The app is staged in its own folder (the project's config, resources and package.json,
    // node_modules linked, a fresh production build in out/), so the working tree's out/ is
    // never touched and what is packaged is exactly what this test built.
    const app = path.join(dir, 'app');
    mkdirSync(app);
    for (const f of ['package.json', 'electron-builder.yml'])
      copyFileSync(path.join(ROOT, f), path.join(app, f));
    cpSync(path.join(ROOT, 'build'), path.join(app, 'build'), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    await run('node', ['scripts/build-node.mjs', '--out-dir', path.join(app, 'out')], {
      cwd: ROOT,
    });
    await run(
      'node',
      ['scripts/build-renderer.mjs', '--out-dir', path.join(app, 'out', 'renderer')],
      { cwd: ROOT },
    );
    const sevenZip = (await run('sh', ['-c', 'command -v 7za'])).stdout.trim();
    await run(
      path.join(ROOT, 'node_modules/.bin/electron-builder'),
      [
        '--linux',
        'dir',
        '--projectDir',
        app,
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${dist}`,
        '-c.electronVersion=45.5.0',
        // Rebuilding keytar for Electron needs Electron's headers from the network, and it would
        // rebuild the checkout's own node_modules (linked above) in place: a failed rebuild there
        // leaves keytar without its binary for every later test. The packaged layout is what this
        // test checks; `npm run dist` rebuilds for real.
        '-c.npmRebuild=false',
        `-c.directories.output=${path.join(dir, 'release')}`,
      ],
      {
        cwd: app,
        env: { ...process.env, ELECTRON_BUILDER_7ZIP_PATH: sevenZip },
        maxBuffer: 16 << 20,
      },
    );
    unpacked = path.join(dir, 'release', 'linux-unpacked');
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves the checkout's own keytar binary in place (no rebuild of the linked node_modules)", async () => {
    const r = await run('node', ['-e', "require('keytar'); process.stdout.write('loaded')"], {
      cwd: ROOT,
    });
    expect(r.stdout).toBe('loaded');
  });

  it('puts main, preload, renderer and package.json in app.asar, and no source maps', () => {
    const files = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map(
      (f) => f.replaceAll('\\', '/'),
    );
    for (const f of [
      '/out/main/main.js',
      '/out/preload/preload.cjs',
      '/out/renderer/index.html',
      '/package.json',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(
      files.some(
        (f) => f.startsWith('/src/') || f.startsWith('/test/') || f.startsWith('/electron/'),
      ),
    ).toBe(false);
  });

  it('leaves out the browser preview and its WebSocket transport', () => {
    const asar = path.join(unpacked, 'resources', 'app.asar');
    const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    expect(files.filter((f) => /\/node_modules\/(ws|esbuild|vite)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /preview|bridge-shim/.test(f))).toEqual([]);
    const main = extractFile(asar, 'out/main/main.js').toString('utf8');
    // Markers of the transport (its close codes) and of the preview server.
    expect(main).not.toContain('WebSocket only');
    expect(main).not.toContain('startPreviewServer');
    expect(main).not.toContain('bridge-shim');
    // The app's own composition is there.
    expect(main).toContain('createAppCore');
  });

  it("packages React's production build of the renderer", () => {
    const asar = path.join(unpacked, 'resources', 'app.asar');
    const bundles = listPackage(asar, { isPack: false })
      .map((f) => f.replaceAll('\\', '/'))
      .filter((f) => f.startsWith('/out/renderer/assets/') && f.endsWith('.js'));
    expect(bundles.length).toBeGreaterThan(0);
    const text = bundles.map((f) => extractFile(asar, f.slice(1)).toString('utf8')).join('\n');
    expect(text).toContain('Minified React error');
  });

  it("unpacks keytar's native addon so it can be loaded", () => {
    expect(
      existsSync(
        path.join(
          unpacked,
          'resources',
          'app.asar.unpacked',
          'node_modules',
          'keytar',
          'build',
          'Release',
          'keytar.node',
        ),
      ),
    ).toBe(true);
  });

  it('ships the tray icon as a resource', () => {
    expect(existsSync(path.join(unpacked, 'resources', 'tray.png'))).toBe(true);
  });

  it('flips the security fuses in the Electron binary', () => {
    const binary = readFileSync(path.join(unpacked, 'masv-desktop'), 'latin1');
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    expect(binary.charCodeAt(at)).toBe(1);
    expect(binary.slice(at + 2, at + 10)).toBe(EXPECTED);
  });
});
