// Channel names only, so the sandboxed preload can import them without pulling in zod.
// Invoke channels are `domain:verb`; push channels are `domain:noun` or `domain:noun-changed`.

export const INVOKE_CHANNELS = {
  appReady: 'app:ready',
  appAbout: 'app:about',
  appOpenExternal: 'app:open-external',
  diagnosticsExport: 'diagnostics:export',
  accountGet: 'account:get',
  accountSignIn: 'account:sign-in',
  accountSignOut: 'account:sign-out',
  accountSetTeam: 'account:set-team',
  stagingGet: 'staging:get',
  stagingAddPaths: 'staging:add-paths',
  stagingPick: 'staging:pick',
  stagingRemove: 'staging:remove',
  stagingClear: 'staging:clear',
  portalsLookup: 'portals:lookup',
  uploadsStart: 'uploads:start',
  uploadsAddFiles: 'uploads:add-files',
  uploadsAddPaths: 'uploads:add-paths',
  transfersList: 'transfers:list',
  transfersFiles: 'transfers:files',
  transfersPause: 'transfers:pause',
  transfersResume: 'transfers:resume',
  transfersRetry: 'transfers:retry',
  transfersCancel: 'transfers:cancel',
  transfersFinalize: 'transfers:finalize',
  transfersRestartChanged: 'transfers:restart-changed',
  transfersFinalizeWithoutFailed: 'transfers:finalize-without-failed',
  transfersRemove: 'transfers:remove',
  transfersCopyLink: 'transfers:copy-link',
  transfersPauseAll: 'transfers:pause-all',
  transfersResumeAll: 'transfers:resume-all',
  linksParse: 'links:parse',
  linksOpen: 'links:open',
  downloadsPreflight: 'downloads:preflight',
  downloadsStart: 'downloads:start',
  dialogsPickFolder: 'dialogs:pick-folder',
  transfersShowInFolder: 'transfers:show-in-folder',
  historyList: 'history:list',
  historyRemote: 'history:remote',
  historyRemove: 'history:remove',
  historyClear: 'history:clear',
  historyCopyLink: 'history:copy-link',
  historyRetry: 'history:retry',
  historyShowInFolder: 'history:show-in-folder',
  settingsGet: 'settings:get',
  settingsUpdate: 'settings:update',
} as const;

export const PUSH_CHANNELS = {
  transferChanged: 'transfers:transfer-changed',
  transferRemoved: 'transfers:transfer-removed',
  linkOpened: 'links:link-opened',
  accountChanged: 'account:account-changed',
  stagingChanged: 'staging:staging-changed',
  settingsChanged: 'settings:settings-changed',
  historyChanged: 'history:history-changed',
  showTransfer: 'app:show-transfer',
} as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];
export type PushChannel = (typeof PUSH_CHANNELS)[keyof typeof PUSH_CHANNELS];

export const ALL_INVOKE_CHANNELS: readonly string[] = Object.values(INVOKE_CHANNELS);
export const ALL_PUSH_CHANNELS: readonly string[] = Object.values(PUSH_CHANNELS);
