// A failed transfer's error in user words, with the action that fixes it. The engine's codes
// are stable; its messages are short clauses ("the disk is full") that this turns into what
// happened and what to do next.
import type { TransferError, TransferKind } from '../../../shared/transfers';
import { sentence } from '../../api/bridge';

export type Fix = 'retry' | 'sign-in' | 'none';

export interface Advice {
  text: string;
  /** The buttons that fix it, first one primary. */
  fixes: Fix[];
}

export function adviceFor(error: TransferError, kind: TransferKind): Advice {
  const said = sentence(error.message);
  switch (error.code) {
    case 'auth-rejected':
    case 'forbidden':
    case 'not-signed-in':
      return {
        text: 'MASV did not accept the sign-in for this transfer. Sign in again, then retry.',
        fixes: ['sign-in', 'retry'],
      };
    case 'disk-full':
      return { text: 'The disk is full. Free some space, then retry.', fixes: ['retry'] };
    case 'network':
    case 'timeout':
    case 'stalled':
    case 'server-error':
    case 'rate-limited':
    case 'url-expired':
      return {
        text: `${said} It kept failing after several tries. Check your connection, then retry.`,
        fixes: ['retry'],
      };
    case 'source-changed':
    case 'source-unreadable':
      return {
        text: `${said} Put the file back as it was, or send again without it.`,
        fixes: ['retry'],
      };
    case 'access-code-required':
    case 'access-code-invalid':
      return { text: `${said} Send again with the right access code.`, fixes: [] };
    case 'password-required':
    case 'password-invalid':
      return { text: `${said} Open the link again in Receive and type its password.`, fixes: [] };
    case 'in-use':
      return {
        text: `${said} Stop it there (the masv command, say), then retry here.`,
        fixes: ['retry'],
      };
    case 'link-unavailable':
    case 'portal-not-found':
    case 'portal-inactive':
    case 'not-found':
    case 'conflict':
      return { text: said, fixes: [] };
    default:
      return {
        text:
          kind === 'upload'
            ? `${said} Retry to send what is missing.`
            : `${said} Retry to fetch what is missing.`,
        fixes: ['retry'],
      };
  }
}
