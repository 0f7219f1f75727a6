// `npm run emulator`: runs the local MASV-compatible service in the foreground and prints
// everything needed to point a client (or curl) at it. Stops cleanly on Ctrl-C / SIGTERM.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FaultConfigPatch } from './api/routes-admin';
import { emulatorBanner } from './banner';
import { startEmulator } from './index';
import type { EmulatorOptions, FaultConfig } from './types';

const USAGE = `Usage: npm run emulator -- [options]
  --api-port <n>        API port (default 8480; 0 = any free port)       env MASV_EMULATOR_API_PORT
  --storage-port <n>    storage port (default 8481; 0 = any free port)   env MASV_EMULATOR_STORAGE_PORT
  --data-dir <dir>      data folder (default: a new temp folder)         env MASV_EMULATOR_DATA_DIR
  --tls                 serve both planes over HTTPS (CA in <data-dir>/tls/ca.pem)  env MASV_EMULATOR_TLS=1
  --storage-mode <m>    disk (default), discard (keep no bytes) or sink   env MASV_EMULATOR_STORAGE_MODE
                        (benchmarks only: keep no bytes, hash nothing, synthetic ETags)
  --fault-seed <n>      seed of the fault generator (default 1)
  --url-lifetime <s>    lifetime of pre-signed URLs in seconds (default 3600)
  --token-lifetime <s>  lifetime of API tokens in seconds (default 604800)
  --faults <file>       JSON file with a FaultConfig (seed, rules, bandwidthBytesPerSecond, urlLifetimeSeconds)
  --help`;

function int(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`emulator: ${name} must be a non-negative integer, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

function options(): EmulatorOptions {
  const { values } = parseArgs({
    options: {
      'api-port': { type: 'string' },
      'storage-port': { type: 'string' },
      'data-dir': { type: 'string' },
      tls: { type: 'boolean' },
      'storage-mode': { type: 'string' },
      'fault-seed': { type: 'string' },
      'url-lifetime': { type: 'string' },
      'token-lifetime': { type: 'string' },
      faults: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const mode = values['storage-mode'] ?? env.MASV_EMULATOR_STORAGE_MODE ?? 'disk';
  if (mode !== 'disk' && mode !== 'discard' && mode !== 'sink') {
    console.error(`emulator: --storage-mode must be disk, discard or sink\n${USAGE}`);
    process.exit(2);
  }
  let faults: Partial<FaultConfig> = {};
  if (values.faults) {
    const parsed = FaultConfigPatch.safeParse(JSON.parse(readFileSync(values.faults, 'utf8')));
    if (!parsed.success) {
      console.error(
        `emulator: ${values.faults}: ${parsed.error.issues[0]?.message ?? 'invalid fault config'}`,
      );
      process.exit(2);
    }
    faults = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  }
  if (values['fault-seed'] !== undefined)
    faults.seed = int('--fault-seed', values['fault-seed'], 1);
  if (values['url-lifetime'] !== undefined)
    faults.urlLifetimeSeconds = int('--url-lifetime', values['url-lifetime'], 3600);
  const opts: EmulatorOptions = {
    apiPort: int('--api-port', values['api-port'] ?? env.MASV_EMULATOR_API_PORT, 8480),
    storagePort: int(
      '--storage-port',
      values['storage-port'] ?? env.MASV_EMULATOR_STORAGE_PORT,
      8481,
    ),
    tls: values.tls ?? env.MASV_EMULATOR_TLS === '1',
    storageMode: mode,
    faults,
    log: (line) => console.log(line),
  };
  const dataDir = values['data-dir'] ?? env.MASV_EMULATOR_DATA_DIR;
  if (dataDir) opts.dataDir = dataDir;
  if (values['token-lifetime'] !== undefined)
    opts.tokenLifetimeSeconds = int('--token-lifetime', values['token-lifetime'], 0);
  return opts;
}

async function main(): Promise<void> {
  const emu = await startEmulator(options());
  const lines = emulatorBanner(emu);
  // The same facts as JSON for scripts (README walkthrough): `jq -r .demo.apiKey <file>`.
  const infoPath = join(emu.dataDir, 'emulator.json');
  const info = {
    apiUrl: emu.apiUrl,
    storageUrl: emu.storageUrl,
    linkBaseUrl: emu.linkBaseUrl,
    dataDir: emu.dataDir,
    caCertPath: emu.caCertPath,
    demo: emu.demo,
    s3: emu.s3,
  };
  writeFileSync(infoPath, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  lines.push(`Details as JSON: ${infoPath}`);
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`emulator: ${signal}, stopping`);
    emu.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`emulator: close failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
