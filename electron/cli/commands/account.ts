// `masv logout` and `masv whoami`.
import type { OptionValues } from '../args';
import type { CliContext } from '../context';
import { ExitCode } from '../exit-codes';

export async function runLogout(ctx: CliContext, values: OptionValues): Promise<number> {
  const serverUrl = ctx.serverUrl(values);
  const removed = await (await ctx.credentials()).delete(serverUrl);
  ctx.out.line(
    removed ? `Logged out of ${serverUrl}.` : `No credential was stored for ${serverUrl}.`,
  );
  ctx.out.result({ server: serverUrl, removed });
  return ExitCode.ok;
}

export async function runWhoami(ctx: CliContext, values: OptionValues): Promise<number> {
  const serverUrl = ctx.serverUrl(values);
  const fromEnv = (ctx.env.env.MASV_API_KEY ?? '') !== '';
  const stored = fromEnv ? null : await (await ctx.credentials()).get(serverUrl);
  const credentials = await ctx.resolveCredentials(serverUrl);
  // A rejection is worded by run.ts from where the credential came from.
  const teams = await ctx.client(serverUrl, ctx.caPem(values), credentials).listTeams();
  const settings = ctx.settings().get();
  const team = teams.find((t) => t.id === settings.teamId) ?? teams[0];
  const source = fromEnv ? 'MASV_API_KEY' : 'keychain';
  const kind = 'apiKey' in credentials ? 'api-key' : 'user-token';
  const email = stored?.kind === 'user-token' ? stored.email : undefined;
  ctx.out.line(`Server:     ${serverUrl}`);
  ctx.out.line(
    `Credential: ${kind === 'api-key' ? 'API key' : 'user token'} (from ${source})${email ? `, ${email}` : ''}`,
  );
  ctx.out.line(`Team:       ${team === undefined ? '(none)' : `${team.name} (${team.id})`}`);
  if (teams.length > 1) ctx.out.line(`Teams:      ${teams.map((t) => t.name).join(', ')}`);
  ctx.out.result({
    server: serverUrl,
    kind,
    source,
    ...(email === undefined ? {} : { email }),
    team: team === undefined ? null : { id: team.id, name: team.name },
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
  });
  return ExitCode.ok;
}
