// `npm run dist`: the installable app for this OS (electron-builder with electron-builder.yml:
// dmg + zip on macOS, nsis on Windows, AppImage + deb + tar.gz on Linux) into release/.
//
// electron-builder needs the Electron binary of the pinned version. It is looked for first (an
// unpacked one in MASV_ELECTRON_DIST or node_modules/electron/dist, or a downloaded zip in the
// Electron caches), then downloaded once through Electron's own downloader. When neither works,
// the run stops with one sentence before anything is built, instead of electron-builder's
// network trace.
//
//   npm run dist                      build, then package for this OS
//   npm run dist -- --dry-run         say which Electron would be used and the command, build nothing
//   npm run dist -- --linux tar.gz    anything else is passed on to electron-builder
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronPkg = require.resolve('electron/package.json', { paths: [root] });
const version = JSON.parse(readFileSync(electronPkg, 'utf8')).version;
const platform = process.platform;
const arch = process.arch;
const zipName = `electron-v${version}-${platform}-${arch}.zip`;
const OS_FLAG = { darwin: '--mac', win32: '--win', linux: '--linux' };

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const passOn = args.filter((a) => a !== '--dry-run');

/** An unpacked Electron of the pinned version: a folder holding `version` and the executable. */
function unpacked(dir) {
  if (!dir) return undefined;
  try {
    const v = readFileSync(path.join(dir, 'version'), 'utf8').trim().replace(/^v/, '');
    const exe = { darwin: 'Electron.app', win32: 'electron.exe' }[platform] ?? 'electron';
    return v === version && existsSync(path.join(dir, exe)) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function cacheRoots() {
  const env = process.env;
  const home = homedir();
  const byOs =
    platform === 'darwin'
      ? path.join(home, 'Library', 'Caches', 'electron')
      : platform === 'win32'
        ? path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'electron', 'Cache')
        : path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'electron');
  return [env.electron_config_cache, env.ELECTRON_CACHE, byOs].filter(Boolean);
}

/** A folder holding the pinned Electron zip: electron-builder takes a folder of zips as electronDist. */
function cachedZipFolder() {
  for (const dir of cacheRoots()) {
    if (existsSync(path.join(dir, zipName))) return dir;
    let entries;
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    // @electron/get keeps each download in a subfolder named after its URL's hash.
    for (const sub of entries) {
      const candidate = path.join(dir, sub);
      if (existsSync(path.join(candidate, zipName)) && statSync(candidate).isDirectory())
        return candidate;
    }
  }
  return undefined;
}

function findElectron() {
  return (
    unpacked(process.env.MASV_ELECTRON_DIST) ??
    unpacked(path.join(path.dirname(electronPkg), 'dist')) ??
    cachedZipFolder()
  );
}

/** Electron's own downloader (the one `npx electron` uses), checked against its checksums. */
async function download() {
  const electronRequire = createRequire(electronPkg);
  const { downloadArtifact } = await import(
    pathToFileURL(electronRequire.resolve('@electron/get')).href
  );
  const zip = await downloadArtifact({
    version,
    artifactName: 'electron',
    platform,
    arch,
    cacheRoot: process.env.electron_config_cache,
    checksums: electronRequire('./checksums.json'),
  });
  return path.dirname(zip);
}

/** The cause in a few words (a host and an error code), never a stack trace. */
function reason(err) {
  const cause = err?.cause ?? err;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const host = typeof cause?.hostname === 'string' ? cause.hostname : undefined;
  if (code && host) return `${code} for ${host}`;
  if (code) return code;
  return String(cause?.message ?? err)
    .split('\n')[0]
    .slice(0, 120);
}

async function main() {
  const flag = OS_FLAG[platform];
  if (flag === undefined) {
    console.error(`npm run dist: electron-builder has no installer for ${platform}`);
    return 1;
  }
  let electronDist = findElectron();
  if (electronDist === undefined && !dryRun) {
    try {
      electronDist = await download();
    } catch (err) {
      console.error(
        `npm run dist: no Electron ${version} binary for ${platform}-${arch} is installed or cached here and it could not be downloaded (${reason(err)}), so no installer can be built on this machine; the packaging test that npm test runs (test/integration/packaging) checks the same electron-builder configuration against a stand-in binary instead.`,
      );
      return 1;
    }
  }
  const builder = [
    flag,
    ...passOn,
    '--config',
    'electron-builder.yml',
    ...(electronDist === undefined ? [] : [`-c.electronDist=${electronDist}`]),
  ];
  if (dryRun) {
    console.log(`Electron ${version}: ${electronDist ?? 'not found (would download it)'}`);
    console.log(`electron-builder ${builder.join(' ')}`);
    return 0;
  }
  // npm and the .bin shims are .cmd files on Windows, which only a shell may start.
  const shell = platform === 'win32';
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell });
  if (built.status !== 0) return built.status ?? 1;
  const bin = path.join(root, 'node_modules', '.bin', 'electron-builder');
  const packed = spawnSync(bin, builder, { cwd: root, stdio: 'inherit', shell });
  return packed.status ?? 1;
}

process.exit(await main());
