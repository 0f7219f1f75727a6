// `masv login`: check a credential with the server, then keep it in the OS keychain and the
// server URL + default team in settings. Nothing is stored unless the server accepted it. On a
// machine without a keychain, a key from MASV_API_KEY is checked and the settings saved; the key
// itself stays in the environment, where every command reads it.
import path from 'node:path';
import type { Team } from '../../masv/client';
import { isMasvError } from '../../masv/errors';
import { KeychainUnavailableError } from '../../services/credential-store';
import type { CredentialStore, StoredCredential } from '../../services/credential-store';
import { bool, str } from '../args';
import type { OptionValues } from '../args';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import { ExitCode } from '../exit-codes';
import { promptHidden, readAllStdin } from '../prompt';

export async function runLogin(ctx: CliContext, values: OptionValues): Promise<number> {
  const serverUrl = ctx.serverUrl(values);
  const ca = ctx.caPem(values);
  const email = str(values, 'email');
  const envKey =
    str(values, 'api-key') === undefined && email === undefined
      ? nonEmpty(ctx.env.env.MASV_API_KEY)
      : undefined;
  const apiKey = str(values, 'api-key') ?? envKey;
  if (apiKey !== undefined && email !== undefined) {
    throw new CliError('usage', 'give either --api-key or --email, not both', ExitCode.usage);
  }
  if (apiKey === undefined && email === undefined) {
    throw new CliError('usage', 'give --api-key KEY or --email EMAIL', ExitCode.usage);
  }
  if (apiKey !== undefined && bool(values, 'password-stdin')) {
    throw new CliError('usage', '--password-stdin goes with --email', ExitCode.usage);
  }

  // Asked before any password prompt: a key from MASV_API_KEY can do without a keychain (every
  // command reads it from there), anything else has nowhere to be kept.
  const keychain = await keychainOrReason(ctx, envKey !== undefined);

  let teams: Team[];
  let credential: StoredCredential;
  try {
    if (apiKey !== undefined) {
      teams = await ctx.client(serverUrl, ca, { apiKey }).listTeams();
      credential = { kind: 'api-key', serverUrl, apiKey };
    } else {
      const address = email ?? '';
      const password = bool(values, 'password-stdin')
        ? await readAllStdin(ctx.env.stdin)
        : await promptHidden(ctx.env.stdin, ctx.env.stderr, `Password for ${address}: `);
      if (password === '') throw new CliError('usage', 'the password is empty', ExitCode.usage);
      const r = await ctx.client(serverUrl, ca).auth(address, password);
      teams = r.teams;
      credential = { kind: 'user-token', serverUrl, email: address, userToken: r.token };
    }
  } catch (err) {
    if (isMasvError(err) && (err.code === 'auth-rejected' || err.code === 'forbidden')) {
      const what =
        envKey !== undefined
          ? 'the key in MASV_API_KEY was'
          : apiKey !== undefined
            ? 'the API key was'
            : 'the email or password was';
      throw new CliError('auth-rejected', `${what} rejected by ${serverUrl}`, ExitCode.auth);
    }
    throw err;
  }

  const wanted = str(values, 'team');
  const team =
    wanted === undefined ? teams[0] : teams.find((t) => t.id === wanted || t.name === wanted);
  if (wanted !== undefined && team === undefined) {
    throw new CliError(
      'not-found',
      `this account is not a member of team '${wanted}'`,
      ExitCode.notFound,
    );
  }

  if (typeof keychain !== 'string') await keychain.set(credential);
  const caFile = str(values, 'ca');
  ctx.settings().update({
    serverUrl,
    teamId: team?.id ?? null,
    teamName: team?.name ?? null,
    ...(caFile === undefined ? {} : { caFile: path.resolve(ctx.env.cwd, caFile) }),
  });

  const who = credential.kind === 'user-token' ? ` as ${credential.email}` : '';
  const teamText = team === undefined ? 'no team' : `team ${team.name} (${team.id})`;
  ctx.out.line(
    typeof keychain === 'string'
      ? `Logged in to ${serverUrl}, ${teamText}. No OS keychain here (${keychain}), so the key was not stored: keep MASV_API_KEY set for every command.`
      : `Logged in to ${serverUrl}${who}, ${teamText}. ${
          ctx.secretsFile === undefined
            ? 'The credential is kept in the OS keychain.'
            : `The credential is kept in ${ctx.secretsFile}, readable only by you (no OS keychain here).`
        }`,
  );
  ctx.out.result({
    server: serverUrl,
    kind: credential.kind,
    stored: typeof keychain !== 'string',
    ...(credential.kind === 'user-token' ? { email: credential.email } : {}),
    team: team === undefined ? null : { id: team.id, name: team.name },
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
  });
  return ExitCode.ok;
}

/** The keychain, or (for a key from MASV_API_KEY only) why there is none. */
async function keychainOrReason(
  ctx: CliContext,
  keyFromEnv: boolean,
): Promise<CredentialStore | string> {
  try {
    const store = await ctx.credentials();
    await store.list();
    return store;
  } catch (err) {
    if (keyFromEnv && err instanceof KeychainUnavailableError) return err.reason;
    throw err;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
