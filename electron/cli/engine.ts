// Builds the transfer engine for one CLI process: deps from settings and flags, a manager with
// downloads registered when that job kind exists, and a close() that frees sockets and files.
import type { Credentials } from '../masv/client';
import { createEngineDeps } from '../engine/deps';
import type { EngineDeps } from '../engine/deps';
import { createDownloadJobFactory, DownloadJobInput } from '../engine/download/index';
import { TransferManager } from '../engine/transfer-manager';
import { PRODUCTION_API_URL } from '../../shared/links';
import type { CliContext } from './context';
import type { RunSettings } from './upload-options';

export interface CliEngine {
  manager: TransferManager;
  deps: EngineDeps;
  close(): Promise<void>;
}

export interface CliEngineOptions {
  serverUrl: string;
  ca: string | undefined;
  credentials: Credentials | undefined;
  run: RunSettings;
  direction: 'up' | 'down';
  chunkSize?: number;
}

export function createCliEngine(ctx: CliContext, o: CliEngineOptions): CliEngine {
  const deps = createEngineDeps({
    apiUrl: o.serverUrl,
    journalDir: ctx.env.paths.journalDir,
    partConcurrency: o.run.concurrency,
    ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
    ...(o.ca === undefined ? {} : { ca: o.ca }),
    ...(o.direction === 'up'
      ? { uploadBytesPerSecond: o.run.bytesPerSecond }
      : { downloadBytesPerSecond: o.run.bytesPerSecond }),
    ...(o.chunkSize === undefined ? {} : { settings: { chunkSize: o.chunkSize } }),
  });
  const manager = new TransferManager(deps);
  manager.registerJobType(createDownloadJobFactory(linkConfig(o.serverUrl)), DownloadJobInput);
  return {
    manager,
    deps,
    close: async () => {
      await manager.shutdown().catch(() => undefined);
      await deps.dispatcher.close().catch(() => undefined);
    },
  };
}

/**
 * Links on the configured server's own host (the local service serves them on its API host)
 * go to that server; production links (get.massive.app) always go to the production API.
 */
function linkConfig(serverUrl: string): {
  linkHosts: string[];
  apiUrlForHost: (host: string) => string | undefined;
} {
  const host = new URL(serverUrl).host.toLowerCase();
  const production = serverUrl === PRODUCTION_API_URL;
  return {
    linkHosts: production ? [] : [host],
    apiUrlForHost: (h) => (!production && h.toLowerCase() === host ? serverUrl : undefined),
  };
}
