// `npm run preview`: the real window without an Electron binary. Builds the production renderer,
// starts the app core (the same composition the Electron app runs) against the local MASV service
// (started here, with its seeded demo account) or --server URL, and serves the window to the
// system browser over the loopback WebSocket transport. Prints the URL; opens it only with --open.
// The native open dialog is replaced by a double that returns --pick paths (or a sample folder).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createAppCore } from '../electron/core/app-core';
import { checkServerUrl } from '../electron/core/server-url';
import { startPreviewServer } from '../electron/preview/preview-server';
import { loadKeytar } from '../electron/services/credential-store';
import { keychainLoader } from '../electron/services/file-keychain';
import { createFileLogger } from '../electron/services/file-logger';
import { resolveAppPaths } from '../electron/services/paths';
import { SettingsStore } from '../electron/services/settings';
import { emulatorBanner } from '../test/emulator/banner';
import { startEmulator, type Emulator } from '../test/emulator/index';
import { reexecWithPrivateKeyring, wantsPrivateKeyring } from './private-keyring.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `Usage: npm run preview -- [options]
  --server <url>   use this MASV server instead of starting the local service
  --pick <path>    what "Add files" / "Add folders" returns (repeatable; default: a sample folder)
  --home <dir>     keep the app's settings, journals and history here (default: a temp folder)
  --port <n>       port of the page (default: any free port)
  --open           open the page in the system browser
  --help`;

function args() {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      pick: { type: 'string', multiple: true },
      home: { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`preview: --port must be a port number\n${USAGE}`);
    process.exit(2);
  }
  return { ...values, port };
}

/** A small folder to send: nested folders, an empty file and junk the scanner leaves out. */
function sampleFolder(dir: string): string {
  const shoot = path.join(dir, 'Sample shoot');
  mkdirSync(path.join(shoot, 'Camera A', 'Clips'), { recursive: true });
  writeFileSync(path.join(shoot, 'Camera A', 'Clips', 'A001.mov'), randomBytes(6 * 1024 * 1024));
  writeFileSync(path.join(shoot, 'Camera A', 'A001.xml'), '<clip name="A001"/>\n');
  writeFileSync(path.join(shoot, 'notes.txt'), 'Day 1 notes.\n');
  writeFileSync(path.join(shoot, 'empty.txt'), '');
  writeFileSync(path.join(shoot, '.DS_Store'), 'junk');
  return shoot;
}

/** Copies to the system clipboard with whatever tool exists, else prints the text. */
function copyToClipboard(text: string): void {
  const tools: [string, string[]][] =
    process.platform === 'darwin'
      ? [['pbcopy', []]]
      : process.platform === 'win32'
        ? [['clip', []]]
        : [
            ['wl-copy', []],
            ['xclip', ['-selection', 'clipboard']],
            ['xsel', ['--clipboard', '--input']],
          ];
  for (const [cmd, toolArgs] of tools) {
    if (spawnSync(cmd, toolArgs, { input: text, stdio: ['pipe', 'ignore', 'ignore'] }).status === 0)
      return void console.log('preview: copied a link to the clipboard');
  }
  console.log(`preview: no clipboard tool here; the copied link is\n  ${text}`);
}

function openInBrowser(url: string): void {
  const [cmd, cmdArgs] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true }).on('error', () =>
    console.log(`preview: could not open a browser; open the URL above by hand`),
  );
}

function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
}

async function main(): Promise<void> {
  const o = args();
  const work = mkdtempSync(path.join(tmpdir(), 'masv-preview-'));
  let emulator: Emulator | undefined;
  const cleanups: (() => Promise<void> | void)[] = [
    () => rmSync(work, { recursive: true, force: true }),
  ];
  try {
    const rendererDir = path.join(work, 'renderer');
    console.log('preview: building the window (production renderer)…');
    const built = spawnSync(
      process.execPath,
      ['scripts/build-renderer.mjs', '--out-dir', rendererDir],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (built.status !== 0) throw new Error('the renderer did not build');

    let serverUrl: string;
    if (o.server !== undefined) {
      serverUrl = checkServerUrl(o.server);
    } else {
      emulator = await startEmulator({
        dataDir: path.join(work, 'service'),
        apiPort: 0,
        storagePort: 0,
      });
      const emu = emulator;
      cleanups.unshift(() => emu.close());
      serverUrl = emulator.apiUrl;
      console.log(emulatorBanner(emulator).slice(0, -1).join('\n'));
    }

    const home = o.home === undefined ? path.join(work, 'app') : path.resolve(o.home);
    const paths = resolveAppPaths({ env: { MASV_HOME: home }, platform: process.platform, home });
    const settings = new SettingsStore({ dir: paths.configDir });
    if (o.home === undefined || o.server !== undefined) settings.update({ serverUrl });
    const downloads = path.join(work, 'downloads');
    mkdirSync(downloads, { recursive: true });
    // What "Choose folder" returns in the preview (the native picker needs the desktop app).
    const received = path.join(work, 'received');
    mkdirSync(received, { recursive: true });
    const picks = o.pick?.map((p) => path.resolve(p)) ?? [sampleFolder(work)];

    const logger = createFileLogger(paths.logsDir);
    const core = createAppCore({
      kind: 'preview',
      platform: process.platform,
      paths,
      logger,
      keychain: keychainLoader({
        load: loadKeytar,
        stateDir: paths.stateDir,
        env: process.env,
        onFallback: (notice) => {
          logger.warn(notice);
          console.log(`preview: ${notice}`);
        },
      }),
      chooseUploadPaths: () => Promise.resolve(picks),
      chooseFolder: () => Promise.resolve(received),
      chooseSavePath: (name) => Promise.resolve(path.join(work, name)),
      openExternal: (url) => openInBrowser(url),
      notify: (n) => console.log(`preview: notification "${n.title}": ${n.body}`),
      versions: { app: appVersion(), electron: null, chrome: null },
      showInFolder: (target) => console.log(`preview: "Show in folder" would show ${target}`),
      clipboard: { writeText: copyToClipboard },
      defaultDownloadFolder: downloads,
    });
    await core.start();
    cleanups.unshift(() => core.close());
    const server = await startPreviewServer({
      core,
      rendererDir,
      port: o.port,
      log: (m) => console.log(`preview: ${m}`),
    });
    cleanups.unshift(() => server.close());

    const url = server.pageUrl();
    console.log(
      [
        '',
        'MASV Desktop preview (the real window and app core, in your browser)',
        `  window         ${url}`,
        `  server         ${serverUrl}`,
        `  app state      ${home}`,
        `  downloads      ${downloads}`,
        `  Add files      returns ${picks.join(', ')}`,
        `  Choose folder  returns ${received}`,
        'The address holds a one-time token: it opens one page. Press Enter for a fresh address',
        '(after a reload, say). Ctrl-C stops everything.',
      ].join('\n'),
    );
    if (o.open) openInBrowser(url);
    const lines = createInterface({ input: process.stdin });
    lines.on('line', () => console.log(`  window         ${server.pageUrl()}`));
    cleanups.unshift(() => lines.close());
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    console.log('preview: stopping');
  } finally {
    for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
  }
}

if (wantsPrivateKeyring()) {
  reexecWithPrivateKeyring([
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ]);
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`preview: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
