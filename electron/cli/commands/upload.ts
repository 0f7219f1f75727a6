// `masv upload <paths...>`: one package, live progress, a share link at the end.
import type { Credentials } from '../../masv/client';
import { str } from '../args';
import type { OptionValues } from '../args';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import { TransferLock } from '../control';
import { driveTransfer } from '../drive';
import { createCliEngine } from '../engine';
import { TransferMetaStore } from '../../services/transfer-meta';
import { planUpload } from '../upload-options';
import { ExitCode } from '../exit-codes';

export async function runUpload(
  ctx: CliContext,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  const serverUrl = ctx.serverUrl(values);
  const ca = ctx.caPem(values);
  let settings = ctx.settings().get();
  const team = str(values, 'portal') === undefined;
  const credentials = team ? await ctx.resolveCredentials(serverUrl) : undefined;
  if (team && (settings.teamId === null || str(values, 'server') !== undefined)) {
    // MASV_API_KEY without a login, or another server than the saved one: ask which team.
    settings = { ...settings, teamId: await firstTeam(ctx, serverUrl, ca, credentials) };
  }
  const plan = planUpload(values, positionals, ctx.env.cwd, settings);
  const engine = createCliEngine(ctx, {
    serverUrl,
    ca,
    credentials,
    run: plan.run,
    direction: 'up',
    ...(plan.input.chunkSize === undefined ? {} : { chunkSize: plan.input.chunkSize }),
  });
  const metas = new TransferMetaStore(ctx.env.paths.controlDir);
  let lock: TransferLock | undefined;
  try {
    const id = engine.manager.startUpload(plan.input);
    // Taken right after start (synchronously): nothing else knows this id yet.
    lock = TransferLock.acquire(ctx.env.paths.controlDir, id, 'upload');
    const target = plan.input.target;
    const meta = {
      id,
      kind: 'upload' as const,
      serverUrl,
      name: plan.input.name,
      createdAt: new Date().toISOString(),
      makeLink: target.kind === 'team',
      ...(target.kind === 'team' ? { teamId: target.teamId } : {}),
    };
    metas.save(meta);
    ctx.out.note(
      `Transfer ${id}: uploading ${plan.input.paths.length} item(s) as "${plan.input.name}" (Ctrl-C pauses)`,
    );
    return await driveTransfer(ctx, engine, meta, metas, lock);
  } finally {
    lock?.release();
    await engine.close();
  }
}

async function firstTeam(
  ctx: CliContext,
  serverUrl: string,
  ca: string | undefined,
  credentials: Credentials | undefined,
): Promise<string> {
  const saved = ctx.settings().get();
  const teams = await ctx.client(serverUrl, ca, credentials).listTeams();
  const team = teams.find((t) => t.id === saved.teamId) ?? teams[0];
  if (team === undefined)
    throw new CliError('not-found', 'this account has no team to upload to', ExitCode.notFound);
  return team.id;
}
