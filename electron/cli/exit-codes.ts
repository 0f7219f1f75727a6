// Exit codes of `masv`, stable for scripts (also printed by `masv --help`).
export const ExitCode = {
  /** Everything asked for was done. */
  ok: 0,
  /** A transfer or request failed (network, server, disk, integrity…). */
  failed: 1,
  /** Bad command line: unknown command or flag, missing or extra argument. */
  usage: 2,
  /** Not logged in, credentials rejected, keychain unavailable, wrong password/access code. */
  auth: 3,
  /** A local file, package, portal, transfer or link does not exist or is no longer valid. */
  notFound: 4,
  /** The transfer was paused or interrupted; its journal is kept and it can be resumed. */
  paused: 5,
  /** The transfer was cancelled (by `masv transfers cancel`). */
  cancelled: 6,
  /** The transfer is already running in another masv process. */
  busy: 7,
  /**
   * Some files failed for reasons of their own (listed with why) while the others are done: a
   * download is "complete with N failed files", an upload is not finalized without them.
   * `masv transfers resume ID` retries only those files.
   */
  partial: 8,
  /** Interrupted with Ctrl-C (SIGINT); uploads are paused and resumable. 128 + SIGINT(2). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_HELP = `Exit codes:
  0    success
  1    transfer or request failed
  2    usage error (unknown command or option, bad value)
  3    authentication: not logged in, credential rejected, keychain unavailable, wrong password
  4    not found: missing local file, unknown transfer, package, portal, invalid or expired link
  5    paused or interrupted; the transfer is resumable with \`masv transfers resume\`
  6    cancelled
  7    the transfer is already running in another masv process
  8    some files failed (each listed with why), the others are done; resume retries only those
  130  interrupted by Ctrl-C (uploads and downloads are paused and resumable)`;

/** Which exit code an error code (MasvErrorCode or a CLI code) maps to. */
export function exitCodeForError(code: string): ExitCode {
  switch (code) {
    case 'auth-rejected':
    case 'forbidden':
    case 'password-required':
    case 'password-invalid':
    case 'access-code-required':
    case 'access-code-invalid':
    case 'keychain-unavailable':
    case 'not-logged-in':
      return ExitCode.auth;
    case 'not-found':
    case 'link-unavailable':
    case 'portal-not-found':
    case 'portal-inactive':
    case 'link-invalid':
    case 'file-not-found':
    case 'transfer-not-found':
      return ExitCode.notFound;
    case 'aborted':
    case 'paused':
      return ExitCode.paused;
    case 'cancelled':
      return ExitCode.cancelled;
    case 'busy':
    case 'in-use':
      return ExitCode.busy;
    case 'partial':
      return ExitCode.partial;
    case 'usage':
    case 'invalid-input':
      return ExitCode.usage;
    default:
      return ExitCode.failed;
  }
}
