// The one error type commands throw for expected failures: a stable code, user words, and the
// exit code it maps to. Unexpected errors are mapped by `toFailure`.
import { isMasvError } from '../masv/errors';
import { KeychainUnavailableError } from '../services/credential-store';
import { UsageError } from './args';
import { ExitCode, exitCodeForError } from './exit-codes';

export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(
    readonly code: string,
    message: string,
    exitCode?: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode ?? exitCodeForError(code);
  }
}

export interface Failure {
  code: string;
  message: string;
  exitCode: ExitCode;
  /** For usage errors: which command's help to point at. */
  command?: string;
}

/** Never includes `detail`, causes or stack traces: the message is user words without secrets. */
export function toFailure(err: unknown): Failure {
  if (err instanceof CliError)
    return { code: err.code, message: err.message, exitCode: err.exitCode };
  if (err instanceof UsageError) {
    return {
      code: 'usage',
      message: err.message,
      exitCode: ExitCode.usage,
      ...(err.command === undefined ? {} : { command: err.command }),
    };
  }
  if (err instanceof KeychainUnavailableError) {
    return {
      code: 'keychain-unavailable',
      message: `${err.message}; without one (a server, an SSH session) set MASV_API_KEY for every command instead, or start a keyring (README: "Headless machines")`,
      exitCode: ExitCode.auth,
    };
  }
  if (isMasvError(err))
    return { code: err.code, message: err.message, exitCode: exitCodeForError(err.code) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `unexpected error: ${message}`, exitCode: ExitCode.failed };
}
