// `masv logs`: the recent entries of the persistent API log (api.log in the logs folder, written
// by the app and every masv process), and `--export FILE`: the same diagnostics archive the
// window's "Export diagnostics" writes (electron/core/diagnostics.ts).
import path from 'node:path';
import { aboutInfo, writeDiagnostics } from '../../core/diagnostics';
import { readApiLog } from '../../services/api-log-file';
import type { ApiLogFileEntry } from '../../services/api-log-file';
import type { OptionValues } from '../args';
import { str } from '../args';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import { ExitCode } from '../exit-codes';
import { listUnfinished } from '../transfer-list';

const DEFAULT_COUNT = 50;
const MAX_COUNT = 100_000;

export async function runLogs(ctx: CliContext, values: OptionValues): Promise<number> {
  const target = str(values, 'export');
  if (target !== undefined) return exportDiagnostics(ctx, path.resolve(ctx.env.cwd, target));
  const count = parseCount(str(values, 'lines'));
  const logsDir = ctx.env.paths.logsDir;
  const entries = await readApiLog(logsDir, count);
  ctx.out.result({ logsDir, entries });
  if (entries.length === 0) {
    ctx.out.line(`No API requests logged yet (${path.join(logsDir, 'api.log')}).`);
    return ExitCode.ok;
  }
  for (const line of table(entries)) ctx.out.line(line);
  return ExitCode.ok;
}

async function exportDiagnostics(ctx: CliContext, target: string): Promise<number> {
  // This process's own requests are in the file before it is read.
  const files = await writeDiagnostics(target, {
    logsDir: ctx.env.paths.logsDir,
    settings: ctx.settings().get(),
    transfers: await listUnfinished(ctx.env.paths),
    about: aboutInfo({ app: ctx.env.version, electron: null, chrome: null }),
    flushApiLog: () => ctx.apiLogFile.flush(),
    scrub: (text) => ctx.apiLog.secrets.scrub(text),
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? 'file-not-found' : 'write-failed',
      `cannot write ${target}${code === undefined ? '' : ` (${code})`}`,
      code === 'ENOENT' ? ExitCode.notFound : ExitCode.failed,
    );
  });
  ctx.out.result({ path: target, files });
  ctx.out.line(`Diagnostics: ${target}`);
  ctx.out.line(`Contains: ${files.join(', ')}`);
  return ExitCode.ok;
}

function parseCount(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_COUNT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1 || n > MAX_COUNT)
    throw new CliError(
      'usage',
      `-n wants a whole number from 1 to ${MAX_COUNT}, not ${raw}`,
      ExitCode.usage,
    );
  return n;
}

function table(entries: ApiLogFileEntry[]): string[] {
  const rows = entries.map((e) => [
    e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    e.method,
    `${e.plane === 'storage' ? `storage ${e.host ?? ''}` : ''}${e.route}`,
    e.status === null ? (e.errorCode ?? 'failed') : String(e.status),
    `${e.durationMs}ms`,
    String(e.attempt),
    e.requestId ?? '',
  ]);
  const head = ['TIME', 'METHOD', 'ROUTE', 'STATUS', 'TOOK', 'TRY', 'REQUEST-ID'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}
