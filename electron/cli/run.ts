// Dispatch: argv → invocation → command, and every failure → one line + an exit code.
import { parseInvocation, UsageError } from './args';
import type { Invocation } from './args';
import { toFailure } from './cli-error';
import { runLogout, runWhoami } from './commands/account';
import { runConfig } from './commands/config';
import { runLogin } from './commands/login';
import { CliContext } from './context';
import type { CliEnv } from './context';
import { ExitCode } from './exit-codes';
import { commandHelp, mainHelp } from './help';
import { Output } from './output';

type RunInvocation = Extract<Invocation, { kind: 'run' }>;
type Handler = (ctx: CliContext, inv: RunInvocation) => Promise<number>;

/** Commands not listed here are wired in `extraHandlers` (transfers, upload, download). */
const HANDLERS: Record<string, Handler> = {
  login: (ctx, inv) => runLogin(ctx, inv.values),
  logout: (ctx, inv) => runLogout(ctx, inv.values),
  whoami: (ctx, inv) => runWhoami(ctx, inv.values),
  config: (ctx, inv) => Promise.resolve(runConfig(ctx, inv.values, inv.positionals)),
};

export async function runCli(
  argv: readonly string[],
  env: CliEnv,
  extraHandlers: Record<string, Handler> = {},
): Promise<number> {
  let inv: Invocation;
  try {
    inv = parseInvocation(argv);
  } catch (err) {
    const json = argv.includes('--json');
    const out = new Output(env.stdout, env.stderr, json);
    const failure = toFailure(err);
    if (err instanceof UsageError && argv.length === 0) {
      env.stderr.write(mainHelp(env.version));
      return ExitCode.usage;
    }
    out.failure(
      failure.command === undefined && err instanceof UsageError
        ? { ...failure, command: '' }
        : failure,
    );
    return failure.exitCode;
  }

  switch (inv.kind) {
    case 'help':
      env.stdout.write(
        inv.command === undefined ? mainHelp(env.version) : commandHelp(inv.command),
      );
      return ExitCode.ok;
    case 'version':
      env.stdout.write(`masv ${env.version}\n`);
      return ExitCode.ok;
    case 'run':
      break;
  }

  const out = new Output(env.stdout, env.stderr, inv.json);
  const ctx = new CliContext(env, out);
  const handler = HANDLERS[inv.command.name] ?? extraHandlers[inv.command.name];
  try {
    if (handler === undefined) {
      throw new UsageError(
        `the ${inv.command.name} command is not available in this build`,
        inv.command.name,
      );
    }
    return await handler(ctx, inv);
  } catch (err) {
    const failure = ctx.explainFailure(toFailure(err));
    out.failure(failure);
    return failure.exitCode;
  } finally {
    await ctx.close();
  }
}

export type { Handler as CommandHandler, RunInvocation };
