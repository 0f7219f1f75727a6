// The one IPC contract: every channel's input and output schema. The main-side handler map,
// the preload allowlist and the renderer client all derive from this file, so a channel missing
// anywhere fails to compile. Nothing secret ever travels main → renderer: keys, tokens, link
// secrets and passwords go in (sign-in, link passwords) and never come back out.
import { z } from 'zod';
import { AccountSnapshot, SignInInput } from '../schemas/account';
import { Settings } from '../schemas/settings';
import { HistoryItem, HistoryQuery, RemotePage } from '../schemas/history';
import { DownloadChoice, DownloadPreflight, PackagePreview } from '../schemas/link-download';
import { StagingSnapshot } from '../schemas/staging';
import { TransferFiles, TransferView, TransferViewEvent } from '../schemas/transfer-view';
import { PortalInfo, UploadDestination } from '../schemas/upload-destination';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type InvokeChannel, type PushChannel } from './channels';

const TransferId = z.object({ id: z.string().min(1).max(64) });
const Empty = z.undefined();
const Ok = z.object({ done: z.literal(true) });
const Token = z.string().min(1).max(128);
const LinkPassword = z.string().min(1).max(1024);
/** Local paths the user chose (drop, dialog). Absolute; checked again when scanned. */
const LocalPath = z.string().min(1).max(4096);

/** A link the user can be shown (the secret stays in main). */
export const LinkPreview = z.object({
  linkId: z.string(),
  host: z.string(),
  production: z.boolean(),
});
export type LinkPreview = z.infer<typeof LinkPreview>;

/** A pending link action: it may prefill a view, never start a transfer on its own. */
export const LinkAction = z.object({
  token: z.string(),
  preview: LinkPreview,
});
export type LinkAction = z.infer<typeof LinkAction>;

/** What the settings view edits: everything but the server and team (those go by sign-in). */
export const SettingsValues = Settings.omit({
  version: true,
  serverUrl: true,
  teamId: true,
  teamName: true,
});
export type SettingsValues = z.infer<typeof SettingsValues>;

export const SettingsSnapshot = z.object({
  serverUrl: z.string(),
  /** Where downloads go (the settings' folder, or the system's Downloads folder). */
  downloadFolder: z.string(),
  /** The limits in force now (the schedule's when one of its windows is open). */
  uploadLimitBytesPerSecond: z.number().nullable(),
  downloadLimitBytesPerSecond: z.number().nullable(),
  /** The schedule window in force, in words ("Mon–Fri 09:00–18:00"), or null. */
  scheduleInForce: z.string().nullable(),
  values: SettingsValues,
});
export type SettingsSnapshot = z.infer<typeof SettingsSnapshot>;

/** Which app the window runs in: the Electron app, or the browser preview of the same core. */
export const HostInfo = z.object({
  kind: z.enum(['electron', 'preview']),
  platform: z.enum(['darwin', 'win32', 'linux', 'other']),
});
export type HostInfo = z.infer<typeof HostInfo>;

export const AboutInfo = z.object({
  app: z.string(),
  electron: z.string().nullable(),
  chrome: z.string().nullable(),
  node: z.string(),
  os: z.string(),
  platform: z.string(),
  arch: z.string(),
});
export type AboutInfo = z.infer<typeof AboutInfo>;

export const invokeContract = {
  [INVOKE_CHANNELS.appReady]: {
    input: Empty,
    output: z.object({ pendingLinks: z.array(LinkAction), host: HostInfo }),
  },
  [INVOKE_CHANNELS.appAbout]: { input: Empty, output: AboutInfo },
  [INVOKE_CHANNELS.appOpenExternal]: {
    // Only https pages of MASV and of the configured server; the window asks the user first.
    input: z.object({ url: z.string().min(1).max(2048) }),
    output: Ok,
  },
  [INVOKE_CHANNELS.diagnosticsExport]: {
    // The host's save dialog picks the file; null when the user cancelled.
    input: Empty,
    output: z.object({ path: z.string().nullable(), files: z.array(z.string()) }),
  },
  [INVOKE_CHANNELS.accountGet]: { input: Empty, output: AccountSnapshot },
  [INVOKE_CHANNELS.accountSignIn]: { input: SignInInput, output: AccountSnapshot },
  [INVOKE_CHANNELS.accountSignOut]: { input: Empty, output: AccountSnapshot },
  [INVOKE_CHANNELS.accountSetTeam]: {
    input: z.object({ teamId: z.string().min(1).max(64) }),
    output: AccountSnapshot,
  },
  [INVOKE_CHANNELS.stagingGet]: { input: Empty, output: StagingSnapshot },
  [INVOKE_CHANNELS.stagingAddPaths]: {
    input: z.object({ paths: z.array(LocalPath).min(1).max(1000) }),
    output: StagingSnapshot,
  },
  [INVOKE_CHANNELS.stagingPick]: {
    // The native open dialog (files, or folders); the app core's double in preview and tests.
    input: z.object({ kind: z.enum(['files', 'folders']) }),
    output: StagingSnapshot,
  },
  [INVOKE_CHANNELS.stagingRemove]: {
    input: z.object({ id: z.string().min(1).max(64) }),
    output: StagingSnapshot,
  },
  [INVOKE_CHANNELS.stagingClear]: { input: Empty, output: StagingSnapshot },
  [INVOKE_CHANNELS.portalsLookup]: {
    input: z.object({ subdomain: z.string().trim().min(1).max(63) }),
    output: PortalInfo,
  },
  [INVOKE_CHANNELS.uploadsStart]: {
    // Sends what is staged; the staging list is emptied once the transfer is queued.
    input: z.object({ destination: UploadDestination }),
    output: z.object({ id: z.string() }),
  },
  [INVOKE_CHANNELS.transfersList]: { input: Empty, output: z.array(TransferView) },
  [INVOKE_CHANNELS.transfersFiles]: { input: TransferId, output: TransferFiles },
  [INVOKE_CHANNELS.transfersPause]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersResume]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersRetry]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersCancel]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersFinalize]: { input: TransferId, output: Ok },
  /** More files for an upload left open (idle), from the native open dialog (a double in tests). */
  [INVOKE_CHANNELS.uploadsAddFiles]: {
    input: TransferId.extend({ kind: z.enum(['files', 'folders']) }),
    output: z.object({ files: z.number().int().nonnegative() }),
  },
  /** More files for an upload left open (idle), dropped on its row. */
  [INVOKE_CHANNELS.uploadsAddPaths]: {
    input: TransferId.extend({ paths: z.array(LocalPath).min(1).max(1000) }),
    output: z.object({ files: z.number().int().nonnegative() }),
  },
  /** An upload whose files changed while sent: send them again as they are now. */
  [INVOKE_CHANNELS.transfersRestartChanged]: {
    input: TransferId,
    output: z.object({ files: z.number().int().nonnegative() }),
  },
  /** An upload with failed files: finalize the package without them (the user said so). */
  [INVOKE_CHANNELS.transfersFinalizeWithoutFailed]: {
    input: TransferId,
    output: z.object({ files: z.number().int().nonnegative() }),
  },
  [INVOKE_CHANNELS.transfersRemove]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersCopyLink]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersPauseAll]: { input: Empty, output: Ok },
  [INVOKE_CHANNELS.transfersResumeAll]: { input: Empty, output: Ok },
  [INVOKE_CHANNELS.linksParse]: {
    input: z.object({ text: z.string().max(4096) }),
    output: LinkAction,
  },
  [INVOKE_CHANNELS.linksOpen]: {
    // Opens the link the window holds a token for and lists its package; nothing is fetched.
    input: z.object({ token: Token, password: LinkPassword.optional() }),
    output: PackagePreview,
  },
  [INVOKE_CHANNELS.downloadsPreflight]: { input: DownloadChoice, output: DownloadPreflight },
  [INVOKE_CHANNELS.downloadsStart]: {
    // The renderer names a link it was shown (by token), never a raw secret.
    input: DownloadChoice.extend({ password: LinkPassword.optional() }),
    output: z.object({ id: z.string() }),
  },
  [INVOKE_CHANNELS.dialogsPickFolder]: {
    // The native folder picker (the app core's double in preview and tests).
    input: Empty,
    output: z.object({ path: z.string().nullable() }),
  },
  [INVOKE_CHANNELS.transfersShowInFolder]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.historyList]: { input: HistoryQuery, output: z.array(HistoryItem) },
  [INVOKE_CHANNELS.historyRemote]: {
    input: z.object({
      page: z.number().int().min(1).max(100_000),
      text: z.string().max(200).optional(),
    }),
    output: RemotePage,
  },
  [INVOKE_CHANNELS.historyRemove]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.historyClear]: { input: Empty, output: Ok },
  [INVOKE_CHANNELS.historyCopyLink]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.historyRetry]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.historyShowInFolder]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.settingsGet]: { input: Empty, output: SettingsSnapshot },
  [INVOKE_CHANNELS.settingsUpdate]: {
    input: z.object({ patch: SettingsValues.partial() }),
    output: SettingsSnapshot,
  },
} satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const pushContract = {
  [PUSH_CHANNELS.transferChanged]: TransferViewEvent,
  [PUSH_CHANNELS.transferRemoved]: TransferId,
  [PUSH_CHANNELS.linkOpened]: LinkAction,
  [PUSH_CHANNELS.accountChanged]: AccountSnapshot,
  [PUSH_CHANNELS.stagingChanged]: StagingSnapshot,
  [PUSH_CHANNELS.settingsChanged]: SettingsSnapshot,
  /** The local history changed (an entry was added or removed): fetch it again. */
  /** A notification was clicked: show this transfer. */
  [PUSH_CHANNELS.showTransfer]: TransferId,
  [PUSH_CHANNELS.historyChanged]: z.object({ count: z.number().int().nonnegative() }),
} satisfies Record<PushChannel, z.ZodType>;

export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['input']>;
export type InvokeParsedInput<C extends InvokeChannel> = z.output<
  (typeof invokeContract)[C]['input']
>;
export type InvokeOutput<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['output']>;
export type PushPayload<C extends PushChannel> = z.output<(typeof pushContract)[C]>;

/** Every invoke answers with this envelope: Electron flattens thrown errors to strings. */
export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export type { AccountSnapshot, SignInInput } from '../schemas/account';
export type { HistoryItem, HistoryQuery, RemotePage, RemotePackage } from '../schemas/history';
export type { DownloadChoice, DownloadPreflight, PackagePreview } from '../schemas/link-download';
export type { StagingSnapshot, StagedItem } from '../schemas/staging';
export type { TransferFiles, TransferView, TransferViewEvent } from '../schemas/transfer-view';
export type { PortalInfo, UploadDestination } from '../schemas/upload-destination';
