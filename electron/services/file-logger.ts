// The app's diagnostic log: JSON lines in the logs folder. Fields are redacted by structure
// (secret-named fields at any depth, secret query values of any URL: redact-fields.ts), then
// the whole line by pattern as a second net, so tokens, keys, link secrets and signed URLs
// never land on disk.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../engine/deps';
import { redact } from '../masv/redact';
import { redactText, redactValue } from '../masv/redact-fields';

type Level = 'debug' | 'info' | 'warn' | 'error';

export function createFileLogger(logsDir: string, fileName = 'app.log'): Logger & { file: string } {
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const file = path.join(logsDir, fileName);
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    const clean = fields === undefined ? {} : (redactValue(fields) as Record<string, unknown>);
    const line = JSON.stringify({
      ...clean,
      at: new Date().toISOString(),
      level,
      msg: redactText(msg),
    });
    try {
      // Synchronous and small: log lines are rare (no per-chunk logging) and must survive a crash.
      appendFileSync(file, redact(line) + '\n', { mode: 0o600 });
    } catch {
      // A full or read-only disk must not take the transfer engine down with it.
    }
  };
  return {
    file,
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
