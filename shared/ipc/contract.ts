// The one IPC contract: every channel's input and output schema. The main-side handler map,
// the preload allowlist and the renderer client all derive from this file, so a channel missing
// anywhere fails to compile.
import { z } from 'zod';
import { TransferEvent, TransferSnapshot } from '../transfers';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type InvokeChannel, type PushChannel } from './channels';

const TransferId = z.object({ id: z.string().min(1).max(64) });
const Empty = z.undefined();
const Ok = z.object({ done: z.literal(true) });

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

export const SettingsSnapshot = z.object({
  serverUrl: z.string(),
  downloadFolder: z.string(),
  uploadLimitBytesPerSecond: z.number().nullable(),
  downloadLimitBytesPerSecond: z.number().nullable(),
});
export type SettingsSnapshot = z.infer<typeof SettingsSnapshot>;

export const invokeContract = {
  [INVOKE_CHANNELS.appReady]: {
    input: Empty,
    output: z.object({ pendingLinks: z.array(LinkAction) }),
  },
  [INVOKE_CHANNELS.transfersList]: { input: Empty, output: z.array(TransferSnapshot) },
  [INVOKE_CHANNELS.transfersPause]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersResume]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersCancel]: { input: TransferId, output: Ok },
  [INVOKE_CHANNELS.transfersPauseAll]: { input: Empty, output: Ok },
  [INVOKE_CHANNELS.transfersResumeAll]: { input: Empty, output: Ok },
  [INVOKE_CHANNELS.linksParse]: {
    input: z.object({ text: z.string().max(4096) }),
    output: LinkAction,
  },
  [INVOKE_CHANNELS.downloadsStart]: {
    // The renderer names a link it was shown (by token), never a raw secret.
    input: z.object({
      token: z.string().min(1).max(128),
      password: z.string().max(1024).optional(),
    }),
    output: z.object({ id: z.string() }),
  },
  [INVOKE_CHANNELS.settingsGet]: { input: Empty, output: SettingsSnapshot },
} satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const pushContract = {
  [PUSH_CHANNELS.transferChanged]: TransferEvent,
  [PUSH_CHANNELS.linkOpened]: LinkAction,
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
