// "Export diagnostics": one zip a user can attach to a bug report. It holds the app log, the API
// log (method, route, status, timing: never a header value, token or body), the settings (which
// hold no secrets by their schema), the transfers as the window sees them, and the versions.
// Everything is passed through the redactor once more on the way out.
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { AboutInfo } from '../../shared/ipc/contract';
import type { TransferView } from '../../shared/schemas/transfer-view';
import type { ApiLog } from '../masv/api-log';
import { redact } from '../masv/redact';

export interface DiagnosticsSources {
  logsDir: string;
  apiLog: ApiLog;
  settings: unknown;
  transfers: TransferView[];
  about: AboutInfo;
}

/** Files of the logs folder bigger than this are cut to their tail (the recent part matters). */
const MAX_LOG_BYTES = 8 * 1024 * 1024;

export async function writeDiagnostics(target: string, s: DiagnosticsSources): Promise<string[]> {
  const zip = new yazl.ZipFile();
  const names: string[] = [];
  const add = (name: string, text: string) => {
    zip.addBuffer(Buffer.from(s.apiLog.secrets.scrub(redact(text)), 'utf8'), name);
    names.push(name);
  };
  for (const file of await logFiles(s.logsDir)) {
    const text = await readFile(join(s.logsDir, file), 'utf8');
    add(`logs/${file}`, text.length > MAX_LOG_BYTES ? text.slice(-MAX_LOG_BYTES) : text);
  }
  add(
    'api-log-recent.jsonl',
    s.apiLog
      .entries()
      .map((e) => JSON.stringify(e))
      .join('\n'),
  );
  add('settings.json', JSON.stringify(s.settings, null, 2));
  add('transfers.json', JSON.stringify(s.transfers, null, 2));
  add('about.json', JSON.stringify(s.about, null, 2));
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
