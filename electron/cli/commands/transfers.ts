// `masv transfers` (list): unfinished transfers (with live progress when another masv process
// runs them) and the recent history.
import type { CliContext } from '../context';
import { ExitCode } from '../exit-codes';
import { formatBytes, formatPercent } from '../format';
import { listUnfinished } from '../transfer-list';

const HISTORY_SHOWN = 20;

export async function runTransfersList(ctx: CliContext): Promise<number> {
  const unfinished = await listUnfinished(ctx.env.paths);
  // Share links are printed whole (their secrets read from the keychain); the file has only ids.
  const local = ctx.history();
  const history = [];
  for (const h of (await local.list()).slice(0, HISTORY_SHOWN)) {
    const link = h.linkId === undefined ? undefined : await local.linkUrl(h).catch(() => undefined);
    history.push(link?.kind === 'url' ? { ...h, linkUrl: link.url } : h);
  }
  ctx.out.result({ unfinished, history });
  if (unfinished.length === 0) ctx.out.line('No unfinished transfers.');
  else {
    ctx.out.line('Unfinished:');
    for (const t of unfinished) {
      const progress =
        t.bytesTotal === undefined
          ? ''
          : ` ${formatPercent(t.bytesDone ?? 0, t.bytesTotal)} of ${formatBytes(t.bytesTotal)}`;
      const state =
        t.pid !== undefined
          ? `running (pid ${t.pid})`
          : t.error?.permanent === true
            ? `failed (permanent: ${t.error.message})`
            : t.state;
      ctx.out.line(`  ${t.id}  ${t.kind.padEnd(8)} ${state.padEnd(20)}${progress}  ${t.name}`);
    }
    ctx.out.line('Resume with `masv transfers resume ID` or `masv transfers resume --all`.');
    if (unfinished.some((t) => t.error?.permanent === true))
      ctx.out.line(
        'Permanent failures cannot be resumed; clear them with `masv transfers cancel ID`.',
      );
  }
  if (history.length > 0) {
    ctx.out.line('Recent:');
    for (const h of history) {
      const link = h.linkUrl === undefined ? '' : `  ${h.linkUrl}`;
      ctx.out.line(
        `  ${h.id}  ${h.kind.padEnd(8)} ${h.state.padEnd(20)} ${formatBytes(h.bytesTotal)}  ${h.name}${link}`,
      );
    }
  }
  return ExitCode.ok;
}
