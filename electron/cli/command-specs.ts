// The command line surface in one table: names, options, positionals and help text.
// Parsing (args.ts) and help (help.ts) both read it, so they cannot disagree. Defaults shown
// here come from the settings' own defaults, which `masv config` shows too.
import { DEFAULT_SETTINGS } from '../services/settings';
import { formatBytes } from './format';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  valueName?: string;
  description: string;
}

export interface CommandSpec {
  /** `upload`, or `transfers resume` for a subcommand. */
  name: string;
  summary: string;
  usage: string;
  positionals: { min: number; max: number | null };
  options: Record<string, OptionSpec>;
  /** Extra help lines (examples, notes). */
  notes?: string[];
}

const json: OptionSpec = {
  type: 'boolean',
  description: 'print one JSON document on stdout when done',
};
const server: OptionSpec = {
  type: 'string',
  valueName: 'URL',
  description: 'MASV API base URL (default: the saved one, else https://api.massive.app)',
};
const ca: OptionSpec = {
  type: 'string',
  valueName: 'FILE',
  description: 'PEM file of an extra CA to trust (local service over TLS)',
};
const concurrency: OptionSpec = {
  type: 'string',
  valueName: 'N',
  description: `parts in flight at once (default: the concurrency setting, ${DEFAULT_SETTINGS.partConcurrency} unless changed)`,
};
const limitRate: OptionSpec = {
  type: 'string',
  valueName: 'RATE',
  description: 'bandwidth cap in bytes per second, e.g. 500K, 10M (binary units)',
};

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'login',
    summary: 'verify a credential with MASV and keep it in the OS keychain',
    usage:
      'masv login (--api-key KEY | --email EMAIL [--password-stdin]) [--server URL] [--ca FILE]',
    positionals: { min: 0, max: 0 },
    options: {
      'api-key': {
        type: 'string',
        valueName: 'KEY',
        description: 'API key (created in the MASV web app)',
      },
      email: {
        type: 'string',
        valueName: 'EMAIL',
        description: 'log in with email and password instead',
      },
      'password-stdin': {
        type: 'boolean',
        description: 'read the password from standard input (else a TTY prompt)',
      },
      team: {
        type: 'string',
        valueName: 'ID',
        description: 'default team for uploads (default: the first team)',
      },
      server,
      ca,
      json,
    },
    notes: ['The credential is stored only in the OS keychain, never in settings or logs.'],
  },
  {
    name: 'logout',
    summary: 'remove the stored credential for the server from the keychain',
    usage: 'masv logout [--server URL]',
    positionals: { min: 0, max: 0 },
    options: { server, json },
  },
  {
    name: 'whoami',
    summary: 'show the account and team the stored credential belongs to',
    usage: 'masv whoami [--server URL] [--json]',
    positionals: { min: 0, max: 0 },
    options: { server, ca, json },
  },
  {
    name: 'upload',
    summary: 'upload files and folders as one package and print its download link',
    usage: 'masv upload <path>... [--to EMAILS | --portal SUBDOMAIN --sender EMAIL] [options]',
    positionals: { min: 1, max: null },
    options: {
      name: {
        type: 'string',
        valueName: 'NAME',
        description: 'package name (default: the first path’s name)',
      },
      description: { type: 'string', valueName: 'TEXT', description: 'package description' },
      to: {
        type: 'string',
        multiple: true,
        valueName: 'EMAILS',
        description: 'recipient emails (repeat or comma-separate)',
      },
      password: {
        type: 'string',
        valueName: 'PW',
        description: 'download password for the package',
      },
      portal: {
        type: 'string',
        valueName: 'SUBDOMAIN',
        description: 'upload into this portal instead of your team',
      },
      sender: {
        type: 'string',
        valueName: 'EMAIL',
        description: 'sender email (required with --portal)',
      },
      'access-code': { type: 'string', valueName: 'CODE', description: 'portal access code' },
      'no-finalize': {
        type: 'boolean',
        description: 'send every byte but leave the package open (not finalized)',
      },
      'chunk-size': {
        type: 'string',
        valueName: 'SIZE',
        description: `largest part size, e.g. 5M, 100M (min 5M; default: the chunk-size setting, ${formatBytes(DEFAULT_SETTINGS.chunkSizeBytes)} unless changed); slow lines get smaller parts`,
      },
      concurrency,
      'limit-rate': limitRate,
      server,
      ca,
      json,
    },
    notes: [
      'Ctrl-C pauses the upload and keeps its journal; `masv transfers resume` continues it.',
      'Without --portal the package is sent from your team (login first).',
    ],
  },
  {
    name: 'download',
    summary: 'download every file of a MASV link, rebuilding its folders',
    usage:
      'masv download <link> [--to DIR] [--password PW] [--include GLOB]... [--on-conflict rename|skip|overwrite]',
    positionals: { min: 1, max: 1 },
    options: {
      to: {
        type: 'string',
        valueName: 'DIR',
        description: 'destination folder (default: setting, else the current folder)',
      },
      password: { type: 'string', valueName: 'PW', description: 'link password' },
      include: {
        type: 'string',
        multiple: true,
        valueName: 'GLOB',
        description: 'only files whose package path matches',
      },
      'on-conflict': {
        type: 'string',
        valueName: 'POLICY',
        description: 'when a file exists: rename (default), skip, overwrite',
      },
      concurrency,
      'limit-rate': limitRate,
      server,
      ca,
      json,
    },
  },
  {
    name: 'config',
    summary: 'show or change saved settings (part size, concurrency, bandwidth limits…)',
    usage: 'masv config [KEY VALUE] [--reset] [--json]',
    positionals: { min: 0, max: 2 },
    options: { reset: { type: 'boolean', description: 'restore every default' }, json },
    notes: [
      'Keys: server, team, ca, chunk-size, concurrency, limit-up, limit-down (e.g. 10M or off),',
      'integrity-check (on|off), on-conflict (rename|skip|overwrite), download-folder.',
      'Flags given to a command win over these settings for that run.',
    ],
  },
  {
    name: 'logs',
    summary: 'show the recent API requests, or export a diagnostics archive',
    usage: 'masv logs [-n N] [--json]   |   masv logs --export FILE',
    positionals: { min: 0, max: 0 },
    options: {
      lines: {
        type: 'string',
        short: 'n',
        valueName: 'N',
        description: 'how many of the newest entries to show (default 50)',
      },
      export: {
        type: 'string',
        valueName: 'FILE',
        description: 'write the diagnostics zip the app’s "Export diagnostics" writes',
      },
      json,
    },
    notes: [
      'The API log (api.log in the logs folder) is shared by the app and every masv process.',
      'Each entry: time, method, route template (/v1/packages/{id}/files), status, duration,',
      'attempt and the server’s request id. Never a header value, token, secret, password or body.',
      'The archive holds the redacted logs, the settings (no secrets), unfinished transfers and',
      'the versions.',
    ],
  },
  {
    name: 'transfers',
    summary: 'list unfinished and recent transfers',
    usage: 'masv transfers [list] [--json]   |   masv transfers resume|pause|cancel …',
    positionals: { min: 0, max: 0 },
    options: { json },
    notes: [
      'masv transfers resume [ID | --all]   continue paused or interrupted transfers (foreground);',
      '                                     after failed files: retries only those',
      'masv transfers pause ID              pause a transfer running in another masv process',
      'masv transfers cancel ID             stop it, delete the unfinished package and the journal',
      'masv transfers finalize ID           finalize an upload sent with --no-finalize',
      'masv transfers add ID PATH…          send more files to an upload left open',
    ],
  },
  {
    name: 'transfers resume',
    summary: 'continue paused or interrupted transfers in the foreground',
    usage: 'masv transfers resume (ID | --all) [options]',
    positionals: { min: 0, max: 1 },
    options: {
      all: { type: 'boolean', description: 'resume every unfinished transfer' },
      'restart-changed': {
        type: 'boolean',
        description: 'upload: resend files that changed while they were sent, as they are now',
      },
      'finalize-without-failed': {
        type: 'boolean',
        description: 'upload: leave the failed files out and finalize the package without them',
      },
      concurrency,
      'limit-rate': limitRate,
      server,
      ca,
      json,
    },
  },
  {
    name: 'transfers pause',
    summary: 'pause a transfer running in another masv process (its journal is kept)',
    usage: 'masv transfers pause ID',
    positionals: { min: 1, max: 1 },
    options: { json },
  },
  {
    name: 'transfers finalize',
    summary: 'finalize an upload that was sent with --no-finalize (recipients are notified)',
    usage: 'masv transfers finalize ID',
    positionals: { min: 1, max: 1 },
    options: { server, ca, json },
  },
  {
    name: 'transfers add',
    summary: 'send more files and folders to an upload sent with --no-finalize',
    usage: 'masv transfers add ID PATH... [--finalize]',
    positionals: { min: 2, max: 1000 },
    options: {
      finalize: {
        type: 'boolean',
        description: 'finalize the package once the new files are sent (else it stays open)',
      },
      server,
      ca,
      json,
    },
    notes: [
      'The new files are scanned like the first ones (junk skipped, folders kept); a file whose',
      'path the package already holds refuses the whole addition, and nothing is added.',
    ],
  },
  {
    name: 'transfers cancel',
    summary: 'cancel a transfer: delete the unfinished package on the server and its journal',
    usage: 'masv transfers cancel ID',
    positionals: { min: 1, max: 1 },
    options: { server, ca, json },
  },
];

export const TRANSFER_SUBCOMMANDS = [
  'list',
  'resume',
  'pause',
  'cancel',
  'finalize',
  'add',
] as const;

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
