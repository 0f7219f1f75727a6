// The transfer engine for one CLI process: the shared engine factory with this run's flags.
import type { Credentials } from '../masv/client';
import { createEngine, type Engine } from '../services/engine-factory';
import type { CliContext } from './context';
import type { RunSettings } from './upload-options';

export type CliEngine = Engine;

export interface CliEngineOptions {
  serverUrl: string;
  ca: string | undefined;
  credentials: Credentials | undefined;
  run: RunSettings;
  direction: 'up' | 'down';
  chunkSize?: number;
}

export function createCliEngine(ctx: CliContext, o: CliEngineOptions): CliEngine {
  return createEngine({
    serverUrl: o.serverUrl,
    journalDir: ctx.env.paths.journalDir,
    secrets: ctx.secrets(),
    apiLogSink: ctx.apiLogFile.sink,
    partConcurrency: o.run.concurrency,
    ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
    ...(o.ca === undefined ? {} : { ca: o.ca }),
    ...(o.direction === 'up'
      ? { uploadBytesPerSecond: o.run.bytesPerSecond }
      : { downloadBytesPerSecond: o.run.bytesPerSecond }),
    ...(o.chunkSize === undefined ? {} : { chunkSize: o.chunkSize }),
  });
}
