// Turns argv into a closed set of invocations. Strict: an unknown command or option, a missing
// value or a wrong number of arguments is a UsageError with one clear line (exit code 2).
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { COMMANDS, findCommand, TRANSFER_SUBCOMMANDS } from './command-specs';
import type { CommandSpec } from './command-specs';

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type Invocation =
  | { kind: 'help'; command?: CommandSpec }
  | { kind: 'version' }
  | {
      kind: 'run';
      command: CommandSpec;
      values: OptionValues;
      positionals: string[];
      json: boolean;
    };

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseInvocation(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given');
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'help') {
    if (rest.length === 0) return { kind: 'help' };
    const named = findCommand(rest.join(' '));
    if (named === undefined) throw new UsageError(`unknown command '${rest.join(' ')}'`);
    return { kind: 'help', command: named };
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);

  let name = first;
  let args = rest;
  if (
    first === 'transfers' &&
    rest[0] !== undefined &&
    (TRANSFER_SUBCOMMANDS as readonly string[]).includes(rest[0])
  ) {
    name = rest[0] === 'list' ? 'transfers' : `transfers ${rest[0]}`;
    args = rest.slice(1);
  }
  const command = findCommand(name);
  if (command === undefined) throw new UsageError(`unknown command '${first}'`);
  return parseCommand(command, args);
}

export function parseCommand(command: CommandSpec, args: readonly string[]): Invocation {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [key, spec] of Object.entries(command.options)) {
    options[key] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === true ? { multiple: true } : {}),
    };
  }
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
    }) as typeof parsed;
  } catch (err) {
    throw new UsageError(describeParseError(err), command.name);
  }
  if (parsed.values.help === true) return { kind: 'help', command };
  const { min, max } = command.positionals;
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(missingMessage(command), command.name);
  if (max !== null && n > max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[max] ?? ''}'`, command.name);
  }
  return {
    kind: 'run',
    command,
    values: parsed.values,
    positionals: parsed.positionals,
    json: parsed.values.json === true,
  };
}

function missingMessage(command: CommandSpec): string {
  switch (command.name) {
    case 'upload':
      return 'no files or folders given to upload';
    case 'download':
      return 'no link given to download';
    default:
      return 'missing argument';
  }
}

/** Node's parseArgs messages are long and suggest `--`; reduce them to one short phrase. */
function describeParseError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${flag ?? '?'}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take')) return `option '${flag ?? '?'}' does not take a value`;
      return flag === undefined
        ? 'an option is missing its value'
        : `option '${flag}' needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument`;
    default:
      return message.split('\n')[0] ?? message;
  }
}

export function commandNames(): string[] {
  return COMMANDS.map((c) => c.name);
}

// Typed accessors for option values (parseArgs guarantees the type per declared option).
export function str(values: OptionValues, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function bool(values: OptionValues, key: string): boolean {
  return values[key] === true;
}

export function list(values: OptionValues, key: string): string[] {
  const v = values[key];
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}
