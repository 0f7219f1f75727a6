// `masv upload` options → the engine's UploadInput plus run settings. Pure apart from stat()
// of the given paths (missing ones are reported by name before anything is sent).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { UploadInput } from '../../shared/transfers';
import type { Settings } from '../services/settings';
import { MIN_CHUNK_SIZE, MAX_CHUNK_SIZE } from '../services/settings';
import { bool, list, str } from './args';
import type { OptionValues } from './args';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';
import { parseCount, parseEmails, parseSize } from './values';

export interface RunSettings {
  concurrency: number;
  bytesPerSecond: number | null;
}

export interface UploadPlan {
  input: UploadInput;
  run: RunSettings;
  /** Team uploads need the stored credential and get a share link; portal uploads need neither. */
  needsCredentials: boolean;
}

export function runSettings(
  values: OptionValues,
  settings: Settings,
  direction: 'up' | 'down',
): RunSettings {
  const c = str(values, 'concurrency');
  const r = str(values, 'limit-rate');
  const savedRate =
    direction === 'up' ? settings.uploadLimitBytesPerSecond : settings.downloadLimitBytesPerSecond;
  return {
    concurrency: c === undefined ? settings.partConcurrency : parseCount(c, 'concurrency', 1, 64),
    bytesPerSecond: r === undefined ? savedRate : parseSize(r, 'limit-rate'),
  };
}

export function planUpload(
  values: OptionValues,
  positionals: readonly string[],
  cwd: string,
  settings: Settings,
): UploadPlan {
  const paths = positionals.map((p) => path.resolve(cwd, p));
  const missing = paths.filter((p) => !exists(p));
  if (missing.length > 0) {
    const first = positionals[paths.indexOf(missing[0] ?? '')] ?? missing[0];
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    throw new CliError(
      'file-not-found',
      `no such file or folder: ${first}${more}`,
      ExitCode.notFound,
    );
  }

  const chunkText = str(values, 'chunk-size');
  const chunkSize =
    chunkText === undefined ? settings.chunkSizeBytes : parseSize(chunkText, 'chunk-size');
  if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new CliError('usage', "option '--chunk-size' must be between 5M and 5G", ExitCode.usage);
  }

  const portal = str(values, 'portal');
  const sender = str(values, 'sender');
  const recipients = parseEmails(list(values, 'to'), 'to');
  const password = str(values, 'password');
  const accessCode = str(values, 'access-code');
  if (portal === undefined && (sender !== undefined || accessCode !== undefined)) {
    throw new CliError('usage', '--sender and --access-code go with --portal', ExitCode.usage);
  }
  if (portal !== undefined) {
    if (sender === undefined)
      throw new CliError('usage', '--portal needs --sender EMAIL', ExitCode.usage);
    parseEmails([sender], 'sender');
    if (recipients.length > 0 || password !== undefined) {
      throw new CliError(
        'usage',
        '--to and --password are for team uploads, not portals',
        ExitCode.usage,
      );
    }
  }
  const teamId = settings.teamId;
  if (portal === undefined && teamId === null) {
    throw new CliError(
      'not-logged-in',
      'no team to upload to; run `masv login` first (or use --portal)',
      ExitCode.auth,
    );
  }

  const name = str(values, 'name') ?? path.basename(paths[0] ?? 'upload');
  const input: UploadInput = {
    paths,
    name: name === '' ? 'upload' : name,
    description: str(values, 'description') ?? '',
    target:
      portal !== undefined
        ? {
            kind: 'portal',
            subdomain: portal,
            senderEmail: sender ?? '',
            ...(accessCode === undefined ? {} : { accessCode }),
          }
        : {
            kind: 'team',
            teamId: teamId ?? '',
            recipients,
            ...(password === undefined ? {} : { password }),
          },
    chunkSize,
    finalize: !bool(values, 'no-finalize'),
    verifyEtags: settings.integrityCheck,
  };
  return {
    input,
    run: runSettings(values, settings, 'up'),
    needsCredentials: portal === undefined,
  };
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
