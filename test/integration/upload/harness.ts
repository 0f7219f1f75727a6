// Shared set-up for upload integration tests: a real emulator on loopback, real temp files,
// a real engine, and a way to read back what the service stored (SHA-256 per file).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createEngineDeps, MiB } from '../../../electron/engine/deps';
import type { EngineDeps, EngineSettings, Logger } from '../../../electron/engine/deps';
import { realSleep } from '../../../electron/engine/clock';
import { runWithRetry } from '../../../electron/masv/retry-policy';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { masvError } from '../../../electron/masv/errors';
import { startEmulator } from '../../emulator/index';
import type { Emulator, EmulatorOptions } from '../../emulator/types';

export interface Harness {
  emu: Emulator;
  root: string;
  journalDir: string;
  deps: EngineDeps;
  manager: TransferManager;
  /** A second engine on the same journal folder (what a restart does). */
  newManager(settings?: Partial<EngineSettings>, logger?: Logger): TransferManager;
  close(): Promise<void>;
}

export const FAST_SETTINGS: Partial<EngineSettings> = {
  chunkSize: 5 * MiB,
  stallTimeoutMs: 5_000,
  retry: { baseMs: 20, capMs: 200, maxRetryAfterMs: 1_500 },
  partAttempts: 12,
};

export async function startHarness(
  opts: {
    emulator?: EmulatorOptions;
    settings?: Partial<EngineSettings>;
    partConcurrency?: number;
  } = {},
): Promise<Harness> {
  const emu = await startEmulator({ storageMode: 'disk', ...opts.emulator });
  const root = await mkdtemp(join(tmpdir(), 'upload-it-'));
  const journalDir = join(root, 'journal');
  const managers: TransferManager[] = [];
  const make = (
    settings?: Partial<EngineSettings>,
    logger?: Logger,
  ): { deps: EngineDeps; manager: TransferManager } => {
    const deps = createEngineDeps({
      ...(logger ? { logger } : {}),
      apiUrl: emu.apiUrl,
      journalDir,
      credentials: { apiKey: emu.demo.apiKey },
      partConcurrency: opts.partConcurrency ?? 4,
      controlConcurrency: 6,
      ...(emu.caCertPem ? { ca: emu.caCertPem } : {}),
      settings: { ...FAST_SETTINGS, ...opts.settings, ...settings },
    });
    const manager = new TransferManager(deps);
    managers.push(manager);
    return { deps, manager };
  };
  const first = make();
  return {
    emu,
    root,
    journalDir,
    deps: first.deps,
    manager: first.manager,
    newManager: (settings, logger) => make(settings, logger).manager,
    close: async () => {
      for (const m of managers) {
        await m.shutdown();
        await m.deps.dispatcher.close();
      }
      await emu.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Writes a file of pseudo-random bytes; returns its SHA-256. */
export async function makeFile(path: string, size: number): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const buf = size === 0 ? Buffer.alloc(0) : randomBytes(size);
  await writeFile(path, buf);
  return sha256(buf);
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

export interface StoredFile {
  size: number;
  sha256: string;
}

/** Reads every stored file of a package back through the API + storage: path -> digest. */
export async function storedFiles(h: Harness, packageId: string): Promise<Map<string, StoredFile>> {
  const client = h.deps.client;
  const pkg = await client.getTeamPackage(h.emu.demo.teamId, packageId);
  const token = pkg.accessToken as string;
  const out = new Map<string, StoredFile>();
  for (const f of await client.listFiles(packageId, token)) {
    if (f.kind !== 'file') continue;
    // Reading back is the test's own download; a keep-alive race under load is retried.
    const stored = await runWithRetry(
      async () => {
        // A fresh token each time: some tests run with one-second token lifetimes.
        const fresh = (await client.getTeamPackage(h.emu.demo.teamId, packageId))
          .accessToken as string;
        const { url } = await client.getDownloadUrl(packageId, fresh, f.id).catch((e: unknown) => {
          throw masvError('network', { detail: String(e) });
        });
        const res = await client.getObjectRange(url, { start: 0 });
        const hash = createHash('sha256');
        let size = 0;
        try {
          for await (const chunk of res.body as AsyncIterable<Buffer>) {
            hash.update(chunk);
            size += chunk.length;
          }
        } catch (e) {
          throw masvError('network', { detail: String(e) });
        }
        return { size, sha256: hash.digest('hex') };
      },
      {
        sleep: realSleep,
        random: Math.random,
        maxAttempts: 4,
        policy: { baseMs: 50, capMs: 200, maxRetryAfterMs: 1000 },
      },
    );
    out.set(f.path ? `${f.path}/${f.name}` : f.name, stored);
  }
  return out;
}

/** Count of successful storage:uploadPart requests per "uploadId#part". */
export function partPuts(h: Harness): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of h.emu.requestLog.entries()) {
    if (e.route !== 'storage:uploadPart' || e.status !== 200) continue;
    const k = `${e.uploadId}#${e.partNumber}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}
