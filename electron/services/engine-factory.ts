// One way to build the transfer engine, for the desktop app and the CLI alike: deps from
// settings, a manager with uploads and downloads, and the rule that decides which API a link
// goes to. Plain Node (no Electron), so both entry points and the tests share it.
import { PRODUCTION_API_URL } from '../../shared/links';
import type { Credentials } from '../masv/client';
import { createEngineDeps, type EngineDeps, type Logger } from '../engine/deps';
import type { TransferSecrets } from '../engine/journal-secrets';
import type { ApiLogEntry } from '../masv/api-log';
import { createDownloadJobFactory } from '../engine/download/index';
import { TransferManager } from '../engine/transfer-manager';

export interface EngineOptions {
  serverUrl: string;
  journalDir: string;
  /** Where journals keep link secrets and package tokens: the keychain (SecretStore). */
  secrets?: TransferSecrets;
  credentials?: Credentials;
  /** PEM of a private CA (the local service over TLS). */
  ca?: string;
  partConcurrency?: number;
  uploadBytesPerSecond?: number | null;
  downloadBytesPerSecond?: number | null;
  chunkSize?: number;
  logger?: Logger;
  /** Receives each API log entry (the persistent api.log: api-log-file.ts). */
  apiLogSink?: (entry: ApiLogEntry) => void;
  /** Minimum gap between progress pushes per transfer (the manager's default when absent). */
  progressIntervalMs?: number;
}

export interface Engine {
  manager: TransferManager;
  deps: EngineDeps;
  close(): Promise<void>;
}

export function createEngine(o: EngineOptions): Engine {
  const deps = createEngineDeps({
    apiUrl: o.serverUrl,
    journalDir: o.journalDir,
    ...(o.secrets === undefined ? {} : { secrets: o.secrets }),
    ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
    ...(o.ca === undefined ? {} : { ca: o.ca }),
    ...(o.partConcurrency === undefined ? {} : { partConcurrency: o.partConcurrency }),
    ...(o.uploadBytesPerSecond === undefined
      ? {}
      : { uploadBytesPerSecond: o.uploadBytesPerSecond }),
    ...(o.downloadBytesPerSecond === undefined
      ? {}
      : { downloadBytesPerSecond: o.downloadBytesPerSecond }),
    ...(o.chunkSize === undefined ? {} : { settings: { chunkSize: o.chunkSize } }),
    ...(o.logger === undefined ? {} : { logger: o.logger }),
    ...(o.apiLogSink === undefined ? {} : { apiLogSink: o.apiLogSink }),
  });
  const manager = new TransferManager(
    deps,
    o.progressIntervalMs === undefined ? {} : { progressIntervalMs: o.progressIntervalMs },
  );
  manager.registerJobType(createDownloadJobFactory(linkConfigFor(o.serverUrl)));
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
export function linkConfigFor(serverUrl: string): {
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
