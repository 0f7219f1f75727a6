// A 401 on the user's own credential (API key revoked or expired, user token timed out) in the
// middle of a transfer is not a failure of the transfer: nothing retrying can fix it, and
// everything already sent stays valid. The job pauses with this error; once the user signs in
// again (client.setCredentials, or `masv login` before `masv transfers resume`) a resume continues
// from the journal.
import { isMasvError, MasvError } from '../masv/errors';

export const SIGN_IN_MESSAGE = 'Sign in again to continue';

export class SignInRequired extends MasvError {
  constructor(cause: unknown) {
    super('auth-rejected', SIGN_IN_MESSAGE, {
      status: 401,
      retryable: false,
      ...(isMasvError(cause) && cause.detail !== undefined ? { detail: cause.detail } : {}),
      cause,
    });
    this.name = 'SignInRequired';
  }
}

/** True for a SignInRequired, also when wrapped (a file label added, say) as an error's cause. */
export function isSignInRequired(e: unknown): boolean {
  for (let cur = e, depth = 0; depth < 4 && cur instanceof Error; depth++) {
    if (cur instanceof SignInRequired) return true;
    cur = cur.cause;
  }
  return false;
}

/** Runs a call made with the user's credential; its 401 becomes "sign in again". */
export async function withUserCredential<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isMasvError(e) && e.code === 'auth-rejected') throw new SignInRequired(e);
    throw e;
  }
}
