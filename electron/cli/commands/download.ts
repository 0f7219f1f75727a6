// `masv download <link>`: every file of a link into a folder, rebuilding the sender's tree.
import path from 'node:path';
import { parseMasvLink } from '../../../shared/links';
import type { DownloadInput } from '../../../shared/transfers';
import { OnConflict } from '../../services/settings';
import { list, str } from '../args';
import type { OptionValues } from '../args';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import { TransferLock } from '../control';
import { driveTransfer } from '../drive';
import { createCliEngine } from '../engine';
import { ExitCode } from '../exit-codes';
import { TransferMetaStore } from '../../services/transfer-meta';
import { runSettings } from '../upload-options';

export async function runDownload(
  ctx: CliContext,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  const settings = ctx.settings().get();
  const serverUrl = ctx.serverUrl(values);
  const linkText = positionals[0] ?? '';
  const parsed = parseMasvLink(linkText, { extraHosts: [new URL(serverUrl).host] });
  if (!parsed.ok)
    throw new CliError(
      'link-invalid',
      `not a usable MASV link: ${parsed.error.message}`,
      ExitCode.notFound,
    );

  const policyText = str(values, 'on-conflict') ?? settings.onConflict;
  const policy = OnConflict.safeParse(policyText);
  if (!policy.success) {
    throw new CliError(
      'usage',
      `option '--on-conflict' expects rename, skip or overwrite, got '${policyText}'`,
      ExitCode.usage,
    );
  }
  const destination = path.resolve(
    ctx.env.cwd,
    str(values, 'to') ?? settings.downloadFolder ?? '.',
  );
  const password = str(values, 'password');
  const globs = list(values, 'include');
  const input: DownloadInput = {
    linkUrl: linkText,
    destination,
    policy: policy.data,
    // Made only once the link has opened: a bad link leaves no empty folder behind.
    createDestination: true,
    ...(password === undefined ? {} : { password }),
    ...(globs.length === 0 ? {} : { globs }),
  };

  const engine = createCliEngine(ctx, {
    serverUrl,
    ca: ctx.caPem(values),
    credentials: undefined,
    run: runSettings(values, settings, 'down'),
    direction: 'down',
  });
  const metas = new TransferMetaStore(ctx.env.paths.controlDir);
  let lock: TransferLock | undefined;
  try {
    const id = engine.manager.startDownload(input);
    lock = TransferLock.acquire(ctx.env.paths.controlDir, id, 'download');
    const meta = {
      id,
      kind: 'download' as const,
      serverUrl,
      name: parsed.link.linkId,
      createdAt: new Date().toISOString(),
      makeLink: false,
      destination,
    };
    metas.save(meta);
    ctx.out.note(`Transfer ${id}: downloading into ${destination} (Ctrl-C pauses)`);
    return await driveTransfer(ctx, engine, meta, metas, lock);
  } finally {
    lock?.release();
    await engine.close();
  }
}
