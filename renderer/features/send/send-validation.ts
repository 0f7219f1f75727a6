// Turns the draft into the destination main expects, or says per field what is missing. The
// rules are main's own (the shared zod schema); the words are the window's.
import type { AccountSnapshot, PortalInfo, UploadDestination } from '../../../shared/ipc/contract';
import {
  EmailAddress,
  UploadDestination as DestinationSchema,
} from '../../../shared/schemas/upload-destination';
import type { SendDraft } from '../../stores/send-draft-store';
import { subdomainOf } from './portal-lookup';

export interface FieldErrors {
  files?: string;
  team?: string;
  name?: string;
  recipients?: string;
  password?: string;
  portal?: string;
  accessCode?: string;
  senderEmail?: string;
}

export type Validation =
  { ok: true; destination: UploadDestination } | { ok: false; errors: FieldErrors };

export function validateSend(
  d: SendDraft,
  account: AccountSnapshot | null,
  staged: { items: number; scanning: number },
  portal: PortalInfo | null,
): Validation {
  const errors: FieldErrors = {};
  if (staged.items === 0)
    errors.files =
      staged.scanning > 0 ? 'Wait until the files are checked.' : 'Add files or folders to send.';
  if (d.name.trim() === '') errors.name = 'Name the package.';

  let destination: UploadDestination | undefined;
  if (d.kind === 'team') {
    const teamId = account?.state === 'signed-in' ? account.teamId : null;
    if (account?.state !== 'signed-in') errors.team = 'Sign in to send to your team.';
    else if (teamId === null) errors.team = 'This account is not in a team.';
    if (d.recipients.some((c) => !c.valid))
      errors.recipients = 'Fix or remove the addresses marked red.';
    if (d.usePassword && d.password === '')
      errors.password = 'Type the password, or untick the box.';
    if (teamId)
      destination = {
        kind: 'team',
        teamId,
        name: d.name.trim(),
        message: d.message,
        recipients: d.recipients.map((c) => c.value),
        ...(d.usePassword && d.password !== '' ? { password: d.password } : {}),
        ...(d.keepOpen ? { keepOpen: true } : {}),
      };
  } else {
    const subdomain = subdomainOf(d.subdomain);
    if (subdomain === '') errors.portal = 'Type the portal address.';
    else if (portal?.subdomain !== subdomain) errors.portal = 'Wait until the portal is found.';
    if (portal?.hasAccessCode && d.accessCode === '') errors.accessCode = 'Type the access code.';
    if (!EmailAddress.safeParse(d.senderEmail).success)
      errors.senderEmail =
        d.senderEmail.trim() === ''
          ? 'Type your e-mail address.'
          : 'This is not an e-mail address.';
    destination = {
      kind: 'portal',
      subdomain,
      name: d.name.trim(),
      senderEmail: d.senderEmail.trim(),
      message: d.message,
      ...(portal?.hasAccessCode && d.accessCode !== '' ? { accessCode: d.accessCode } : {}),
    };
  }

  if (Object.keys(errors).length > 0 || !destination) return { ok: false, errors };
  // Belt and braces: the same schema main applies, so a gap here cannot reach main.
  const parsed = DestinationSchema.safeParse(destination);
  if (!parsed.success)
    return { ok: false, errors: { name: 'Some details are not valid. Check the fields.' } };
  return { ok: true, destination };
}

/** Pure: the name that follows what is staged until the user types one. */
export function defaultName(items: readonly { name: string }[]): string {
  const first = items[0];
  if (!first) return '';
  return items.length === 1 ? first.name : `${first.name} and ${items.length - 1} more`;
}
