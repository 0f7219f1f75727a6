// Runs one transfer of this process's engine to rest and turns the result into output:
// live status for other processes, the share link for finished team uploads, history, exit code.
import { isMasvError } from '../masv/errors';
import type { CliContext } from './context';
import type { TransferLock } from './control';
import type { CliEngine } from './engine';
import { runInForeground } from './foreground';
import { finishTransfer } from './transfer-outcome';
import type { OutcomeExtras } from './transfer-outcome';
import type { TransferMeta, TransferMetaStore } from '../services/transfer-meta';

/** Status files are for humans looking from another terminal; once a second is plenty. */
const STATUS_INTERVAL_MS = 1000;

export async function driveTransfer(
  ctx: CliContext,
  engine: CliEngine,
  meta: TransferMeta,
  metas: TransferMetaStore,
  lock: TransferLock,
): Promise<number> {
  const startedAt = new Date();
  let lastStatusAt = 0;
  const offStatus = engine.manager.onEvent((e) => {
    if (e.snapshot.id !== meta.id) return;
    const now = Date.now();
    if (e.type === 'progress' && now - lastStatusAt < STATUS_INTERVAL_MS) return;
    lastStatusAt = now;
    try {
      metas.saveStatus(e.snapshot);
    } catch {
      // Only the `masv transfers` view depends on it.
    }
  });
  try {
    const result = await runInForeground(ctx, engine.manager, meta.id, { lock });
    metas.saveStatus(result.snapshot);
    const extras: OutcomeExtras = {};
    const s = result.snapshot;
    if (s.kind === 'upload' && (s.state === 'complete' || s.state === 'idle') && meta.makeLink) {
      Object.assign(extras, await makeShareLink(ctx, engine, meta, s.packageId));
    }
    if (s.failedFiles !== undefined) {
      extras.failed = engine.manager
        .files(meta.id)
        .filter((f) => f.state === 'failed')
        .map((f) => ({ path: f.path, ...(f.error ?? { code: 'failed', message: 'failed' }) }));
    }
    // Nothing left to resume: drop the journal (idle uploads keep theirs for a later finalize,
    // and a download with failed files keeps it so a resume fetches only those).
    const finished =
      (s.state === 'complete' && s.failedFiles === undefined) || s.state === 'cancelled';
    if (finished) await engine.manager.remove(meta.id).catch(() => undefined);
    return finishTransfer(ctx, metas, result, startedAt, extras);
  } finally {
    offStatus();
  }
}

/** A direct-download link (no recipient email) for a team package, via the package's token. */
async function makeShareLink(
  ctx: CliContext,
  engine: CliEngine,
  meta: TransferMeta,
  packageId: string | undefined,
): Promise<OutcomeExtras> {
  if (meta.teamId === undefined || packageId === undefined) return {};
  try {
    // The app core's share links: the secret goes to the keychain, the history keeps the id.
    const links = ctx.shareLinks();
    const linkId = await links.create(engine.deps.client, meta.teamId, packageId);
    const linkUrl = await links.url(meta.serverUrl, linkId);
    if (linkUrl === undefined) return { linkError: 'the link secret could not be read back' };
    return { linkUrl, link: { linkId, serverUrl: meta.serverUrl } };
  } catch (err) {
    return { linkError: isMasvError(err) ? err.message : String(err) };
  }
}
