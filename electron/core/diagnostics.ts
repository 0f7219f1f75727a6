// "Export diagnostics": one zip a user can attach to a bug report, written the same way by the
// window (diagnostics:export) and by `masv logs --export`. It holds the logs folder (the app log
// and the API log, api.log and its rotated files: method, route template, status, timing; never
// a header value, token or body), the settings (which hold no secrets by their schema), the
// transfers as that host sees them, and the versions. Every line and every field passes the
// structural redactor and the pattern net once more on the way out.
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { AboutInfo } from '../../shared/ipc/contract';
import { redactLogLine, redactValue } from '../masv/redact-fields';
import type { RedactOptions } from '../masv/redact-fields';

export interface DiagnosticsSources {
  logsDir: string;
  settings: unknown;
  /** The transfers as the host lists them (the window's views, or the CLI's unfinished list). */
  transfers: unknown[];
  about: AboutInfo;
  /** Buffered API log lines are written before the folder is read. */
  flushApiLog?: () => Promise<void>;
  /** Exact secret values known at run time (SecretSet.scrub). */
  scrub?: (text: string) => string;
}

/** Files of the logs folder bigger than this are cut to their tail (the recent part matters). */
const MAX_LOG_BYTES = 8 * 1024 * 1024;

/** The versions block of the archive (and of the window's About). */
export function aboutInfo(versions: {
  app: string;
  electron: string | null;
  chrome: string | null;
}): AboutInfo {
  return {
    app: versions.app,
    electron: versions.electron,
    chrome: versions.chrome,
    node: process.versions.node,
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    arch: process.arch,
  };
}

/** A file name for the archive: masv-desktop-diagnostics-2026-12-03T17-20-00.zip. */
export function diagnosticsFileName(now = new Date()): string {
  return `masv-desktop-diagnostics-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.zip`;
}

export async function writeDiagnostics(target: string, s: DiagnosticsSources): Promise<string[]> {
  await s.flushApiLog?.().catch(() => undefined);
  const opts: RedactOptions = s.scrub === undefined ? {} : { scrub: s.scrub };
  const zip = new yazl.ZipFile();
  const names: string[] = [];
  const add = (name: string, text: string) => {
    zip.addBuffer(Buffer.from(text, 'utf8'), name);
    names.push(name);
  };
  const json = (value: unknown) => JSON.stringify(redactValue(value, opts), null, 2);
  for (const file of await logFiles(s.logsDir)) {
    let text = await readFile(join(s.logsDir, file), 'utf8').catch(() => '');
    if (text.length > MAX_LOG_BYTES)
      text = text.slice(text.indexOf('\n', text.length - MAX_LOG_BYTES) + 1);
    const lines = text.split('\n');
    add(`logs/${file}`, lines.map((l) => (l === '' ? l : redactLogLine(l, opts))).join('\n'));
  }
  add('settings.json', json(s.settings));
  add('transfers.json', json(s.transfers));
  add('about.json', json(s.about));
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(target, { mode: 0o600 }));
  return names;
}

async function logFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => /\.(log|jsonl)(\.\d+)?$/.test(f)).sort();
  } catch {
    return [];
  }
}
