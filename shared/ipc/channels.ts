// Channel names only, so the sandboxed preload can import them without pulling in zod.
// Invoke channels are `domain:verb`; push channels are `domain:noun` or `domain:noun-changed`.

export const INVOKE_CHANNELS = {
  appReady: 'app:ready',
  transfersList: 'transfers:list',
  transfersPause: 'transfers:pause',
  transfersResume: 'transfers:resume',
  transfersCancel: 'transfers:cancel',
  transfersPauseAll: 'transfers:pause-all',
  transfersResumeAll: 'transfers:resume-all',
  linksParse: 'links:parse',
  downloadsStart: 'downloads:start',
  settingsGet: 'settings:get',
} as const;

export const PUSH_CHANNELS = {
  transferChanged: 'transfers:transfer-changed',
  linkOpened: 'links:link-opened',
} as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];
export type PushChannel = (typeof PUSH_CHANNELS)[keyof typeof PUSH_CHANNELS];

export const ALL_INVOKE_CHANNELS: readonly string[] = Object.values(INVOKE_CHANNELS);
export const ALL_PUSH_CHANNELS: readonly string[] = Object.values(PUSH_CHANNELS);
