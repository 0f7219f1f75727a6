// Programmatic entry of the local MASV-compatible service: one call starts the storage plane and
// the API on 127.0.0.1, on a data folder that keeps state across restarts.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from './api/api-server';
import type { ApiDeps } from './api/context';
import { DEFAULT_TOKEN_LIFETIME_SECONDS } from './api/limits';
import type { MetaRecord } from './api/records';
import { randomAlnum, randomHex } from './api/secrets';
import { demoAccount, seedDemo } from './api/seed';
import { State } from './api/state';
import { TokenService } from './api/tokens';
import { createFaultController } from './faults';
import { createRequestLog } from './request-log';
import { startStorageServer } from './storage/index';
import { ensureTls } from './tls';
import type { Emulator, EmulatorOptions } from './types';

export type { Emulator, EmulatorOptions } from './types';

const HOST = '127.0.0.1';

function ensureMeta(state: State): MetaRecord {
  const existing = state.meta();
  if (existing) return existing;
  const meta: MetaRecord = {
    id: 'emulator',
    tokenSecret: randomHex(32),
    s3: {
      accessKeyId: `AKEMU${randomAlnum(15).toUpperCase()}`,
      secretAccessKey: randomAlnum(40),
      region: 'us-east-1',
    },
  };
  state.save('meta', meta);
  return meta;
}

/** Starts storage + API. State, secrets and the demo account persist in `dataDir`. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'masv-emulator-'));
  mkdirSync(dataDir, { recursive: true });
  const log = opts.log ?? (() => undefined);
  const state = new State(join(dataDir, 'control'));
  try {
    const meta = ensureMeta(state);
    const tls = opts.tls ? await ensureTls(dataDir) : undefined;
    const faults = createFaultController(opts.faults ?? {});
    const requestLog = createRequestLog();
    const storage = await startStorageServer({
      dataDir,
      mode: opts.storageMode ?? 'disk',
      credentials: [meta.s3, ...(opts.s3Credentials ?? [])],
      faults,
      log: requestLog,
      port: opts.storagePort ?? 0,
      ...(tls ? { tls: { certPem: tls.certPem, keyPem: tls.keyPem } } : {}),
    });
    let apiUrl = '';
    const deps: ApiDeps = {
      state,
      storage: storage.backend,
      tokens: new TokenService(
        meta.tokenSecret,
        opts.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      ),
      faults,
      requestLog,
      now: Date.now,
      linkBaseUrl: () => apiUrl,
      log,
      acceptDirectoryEntries: opts.acceptDirectoryEntries ?? true,
    };
    try {
      if (opts.seed !== false && !meta.demo && state.all('teams').length === 0) {
        meta.demo = await seedDemo(deps);
        state.save('meta', meta);
        log('emulator: seeded the demo account');
      }
      const api = await startApiServer({
        deps,
        host: HOST,
        port: opts.apiPort ?? 0,
        ...(tls ? { tls: { certPem: tls.certPem, keyPem: tls.keyPem } } : {}),
      });
      apiUrl = api.url;
      let closed: Promise<void> | undefined;
      const emulator: Emulator = {
        apiUrl,
        storageUrl: storage.url,
        linkBaseUrl: apiUrl,
        dataDir,
        s3: { ...meta.s3, bucket: storage.backend.bucket },
        demo: demoAccount(deps, meta.demo),
        faults,
        requestLog,
        close: () => {
          closed ??= Promise.all([api.close(), storage.close()]).then(() => state.close());
          return closed;
        },
      };
      if (tls) {
        emulator.caCertPem = tls.caCertPem;
        emulator.caCertPath = tls.caCertPath;
      }
      return emulator;
    } catch (err) {
      await storage.close();
      throw err;
    }
  } catch (err) {
    state.close();
    throw err;
  }
}
