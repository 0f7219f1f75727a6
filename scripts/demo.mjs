// `npm run demo`: the headless CLI end to end against the local MASV-compatible service.
// Starts the service, logs in with its demo API key (kept in the OS keychain), uploads a sample
// folder with live progress, prints the share link, downloads it with `masv download` and checks
// every file by SHA-256. Exits 0 only when every file matches. Everything lives in a temp folder
// that is removed at the end; on Linux the keychain is a private gnome-keyring session so the
// demo key never lands in the user's own keyring.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reexecWithPrivateKeyring, wantsPrivateKeyring } from './private-keyring.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 1024 * 1024;

function step(text) {
  console.log(`\n== ${text}`);
}

/** Starts the service as a child and waits for its banner (API URL and demo key). */
function startService(dataDir) {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(
    tsx,
    ['test/emulator/main.ts', '--api-port', '0', '--storage-port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error('the local service did not start within 60 s')),
      60_000,
    );
    const early = (code) => reject(new Error(`the local service exited early (code ${code})`));
    child.once('exit', early);
    const onData = (d) => {
      text += d.toString('utf8');
      const api = /^\s+API\s+(\S+)$/m.exec(text)?.[1];
      const key = /^\s+API key\s+(\S+)$/m.exec(text)?.[1];
      if (api && key) {
        clearTimeout(timer);
        child.off('exit', early);
        // Keep draining its output (so it never blocks on a full pipe) without parsing it.
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ child, apiUrl: api, apiKey: key });
      }
    };
    child.stdout.on('data', onData);
  });
}

function stopService(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs the built CLI; stderr (the live progress) goes straight to this terminal. */
function masv(args, env) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'masv.js'), ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.stdout) process.stdout.write(r.stdout);
  return { code: r.status, stdout: r.stdout ?? '' };
}

function makeSample(dir) {
  const files = {
    'README.txt': Buffer.from('MASV CLI demo package\n'),
    'stills/frame-0001.bin': randomBytes(2 * MiB),
    'stills/frame-0002.bin': randomBytes(700 * 1024),
    // 23 MiB at a 5 MiB chunk size: five parts, the last one short.
    'video/clip-a.bin': randomBytes(23 * MiB),
  };
  for (const [rel, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), bytes);
  }
  return Object.keys(files);
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const abs = path.join(dir, name);
    return statSync(abs).isDirectory()
      ? listFiles(abs, base)
      : [path.relative(base, abs).split(path.sep).join('/')];
  });
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'masv-demo-'));
  const env = { ...process.env, MASV_HOME: path.join(work, 'masv-home') };
  delete env.MASV_API_KEY;
  let service;
  let ok = false;
  try {
    step('Starting the local MASV service');
    service = await startService(path.join(work, 'service'));
    console.log(`API at ${service.apiUrl}`);

    step('masv login (the API key goes to the OS keychain)');
    const login = masv(['login', '--server', service.apiUrl, '--api-key', service.apiKey], env);
    if (login.code !== 0) throw new Error(`masv login failed (exit ${login.code})`);

    const sample = path.join(work, 'Demo shoot');
    const files = makeSample(sample);
    step(`masv upload "${path.basename(sample)}" (${files.length} files, 5 MiB parts)`);
    const up = masv(['upload', sample, '--chunk-size', '5M', '--limit-rate', '12M'], env);
    if (up.code !== 0) throw new Error(`masv upload failed (exit ${up.code})`);
    const link = /^Link:\s+(\S+)$/m.exec(up.stdout)?.[1];
    if (!link) throw new Error('masv upload printed no link');

    step('masv download <link>');
    const dest = path.join(work, 'downloaded');
    const down = masv(['download', link, '--to', dest], env);
    if (down.code !== 0) throw new Error(`masv download failed (exit ${down.code})`);

    step('Checking every file by SHA-256');
    const got = path.join(dest, path.basename(sample));
    const received = new Set(listFiles(got));
    let bad = 0;
    for (const rel of files) {
      const match =
        received.has(rel) && sha256(path.join(sample, rel)) === sha256(path.join(got, rel));
      console.log(`  ${match ? 'ok      ' : 'MISMATCH'}  ${rel}`);
      if (!match) bad++;
      received.delete(rel);
    }
    for (const extra of received) {
      console.log(`  EXTRA     ${extra}`);
      bad++;
    }
    ok = bad === 0;
    console.log(ok ? `\nAll ${files.length} files verified.` : `\n${bad} file(s) did not verify.`);
  } catch (err) {
    console.error(`\ndemo: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    if (service) await stopService(service.child);
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
}

if (wantsPrivateKeyring()) {
  reexecWithPrivateKeyring([fileURLToPath(import.meta.url)]);
} else {
  await main();
}
