// Shared by the download integration tests: publish a package on the emulator through the real
// MASV client (the same API + storage blueprints a sender uses), build a manager with the
// download job registered, and hash trees of files.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MasvClient } from '../../../electron/masv/client';
import { ApiLog, createDispatcher } from '../../../electron/masv/http';
import { realSleep } from '../../../electron/engine/clock';
import { createEngineDeps } from '../../../electron/engine/deps';
import type { EngineDeps } from '../../../electron/engine/deps';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import type { DownloadJobOptions } from '../../../electron/engine/download';
import type { Emulator } from '../../emulator/types';

export const MiB = 1024 * 1024;

export function tempDir(prefix = 'masv-dl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface SourceFile {
  path: string;
  name: string;
  data: Buffer;
}

/** Deterministic-enough content: random bytes of the given size. */
export function file(path: string, name: string, size: number): SourceFile {
  return { path, name, data: randomBytes(size) };
}

export interface Published {
  packageId: string;
  token: string;
  linkUrl: string;
  linkId: string;
  fileIds: Map<string, string>;
}

/** Uploads files as a finalized team package and creates a link (optionally with a password). */
export async function publish(
  emu: Emulator,
  files: SourceFile[],
  opts: { chunkSize?: number; password?: string; name?: string } = {},
): Promise<Published> {
  const dispatcher = createDispatcher();
  const client = new MasvClient({
    baseUrl: emu.apiUrl,
    dispatcher,
    log: new ApiLog(),
    credentials: { apiKey: emu.demo.apiKey },
  });
  try {
    const pkg = await client.createTeamPackage(emu.demo.teamId, {
      name: opts.name ?? 'Test package',
    });
    const fileIds = new Map<string, string>();
    for (const f of files) {
      const chunk = opts.chunkSize ?? Math.max(5 * MiB, f.data.length);
      const added = await client.addFile(pkg.id, pkg.accessToken, {
        name: f.name,
        path: f.path,
        lastModified: new Date(),
        size: f.data.length,
        chunkSize: chunk,
      });
      if (!added.createBlueprint) throw new Error('no create blueprint');
      const uploadId = await client.createMultipart(added.createBlueprint);
      const count = Math.max(1, Math.ceil(f.data.length / chunk));
      const bps = await client.getPartUrls(
        pkg.id,
        pkg.accessToken,
        added.fileId,
        uploadId,
        0,
        count,
      );
      const parts = [];
      for (let i = 0; i < count; i++) {
        const body = f.data.subarray(i * chunk, Math.min(f.data.length, (i + 1) * chunk));
        const bp = bps[i];
        if (!bp) throw new Error('missing blueprint');
        const etag = await client.putPart(bp, Readable.from([body]), body.length);
        parts.push({ partNumber: i + 1, etag });
      }
      await client.finalizeFile(pkg.id, pkg.accessToken, added.fileId, {
        uploadId,
        parts,
        size: f.data.length,
        chunkSize: chunk,
      });
      fileIds.set(f.path === '' ? f.name : `${f.path}/${f.name}`, added.fileId);
    }
    await client.finalizePackage(pkg.id, pkg.accessToken);
    const link = await client.createLink(pkg.id, pkg.accessToken, {
      ...(opts.password ? { password: opts.password } : {}),
    });
    return {
      packageId: pkg.id,
      token: pkg.accessToken,
      linkUrl: `${emu.linkBaseUrl}/${link.id}?secret=${link.secret ?? ''}`,
      linkId: link.id,
      fileIds,
    };
  } finally {
    await dispatcher.close();
  }
}

export async function createLinkRaw(
  emu: Emulator,
  pub: Published,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await fetch(`${emu.apiUrl}/v1/packages/${pub.packageId}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-package-token': pub.token },
    body: JSON.stringify({ email: '', ...body }),
  });
  const json = (await res.json()) as { id: string; download_secret: string };
  return `${emu.linkBaseUrl}/${json.id}?secret=${json.download_secret}`;
}

export async function disableLink(emu: Emulator, pub: Published): Promise<void> {
  const res = await fetch(`${emu.apiUrl}/v1/links/${pub.linkId}`, {
    method: 'DELETE',
    headers: { 'x-package-token': pub.token },
  });
  if (res.status !== 204) throw new Error(`disable link: ${res.status}`);
}

export interface Harness {
  deps: EngineDeps;
  manager: TransferManager;
  journalDir: string;
  close(): Promise<void>;
}

export function linkHostOf(emu: Emulator): string {
  return new URL(emu.linkBaseUrl).host;
}

export function harness(
  emu: Emulator,
  opts: {
    journalDir?: string;
    partConcurrency?: number;
    job?: DownloadJobOptions;
    downloadBytesPerSecond?: number;
    settings?: Partial<EngineDeps['settings']>;
    secrets?: EngineDeps['secrets'];
    logger?: EngineDeps['logger'];
  } = {},
): Harness {
  const journalDir = opts.journalDir ?? tempDir('masv-dl-journal-');
  const deps = createEngineDeps({
    apiUrl: emu.apiUrl,
    journalDir,
    partConcurrency: opts.partConcurrency ?? 4,
    ...(opts.secrets ? { secrets: opts.secrets } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.downloadBytesPerSecond ? { downloadBytesPerSecond: opts.downloadBytesPerSecond } : {}),
    // Fast retries: the faults are injected, not real congestion.
    settings: { partAttempts: 8, ...opts.settings },
    clock: {
      now: () => performance.timeOrigin + performance.now(),
      // The engine's own sleep (which lets go of its abort listener), with waits capped.
      sleep: (ms, signal) => realSleep(Math.min(ms, 20), signal),
    },
  });
  const manager = new TransferManager(deps);
  manager.registerJobType(createDownloadJobFactory({ linkHosts: [linkHostOf(emu)], ...opts.job }));
  return {
    deps,
    manager,
    journalDir,
    close: async () => {
      await manager.shutdown();
      await deps.dispatcher.close();
    },
  };
}

/** Every regular file under dir, relative path → SHA-256. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = statSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else out.set(r, sha256(readFileSync(join(dir, r))));
    }
  };
  walk('');
  return out;
}

export function expectedTree(files: SourceFile[]): Map<string, string> {
  return new Map(
    files.map((f) => [f.path === '' ? f.name : `${f.path}/${f.name}`, sha256(f.data)]),
  );
}
