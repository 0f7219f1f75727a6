export {
  EMPTY_NAME_REPLACEMENT,
  MAX_SEGMENT_BYTES,
  isReservedWin32,
  sanitizeSegment,
  shortenName,
  splitExtension,
  truncateUtf8,
  utf8Length,
} from './segment';
export type { SafePathReason, TargetOs } from './segment';
export { DEFAULT_MAX_PATH_BYTES, safeRelativePath } from './safe-relative-path';
export type { SafeRelativePath, SafeRelativePathOptions } from './safe-relative-path';
export { isCaseInsensitive, numberedName, planCollisions } from './collision-plan';
export type {
  CollisionInput,
  CollisionOptions,
  CollisionPolicy,
  CollisionReason,
  ExistingEntry,
  PlannedAction,
  PlannedPath,
} from './collision-plan';
export { originalPath, planDownloadPaths } from './download-plan';
export type {
  DownloadPathPlan,
  DownloadPathPlanEntry,
  DownloadPathPlanOptions,
  ServerFileName,
} from './download-plan';
export { reasonWords } from './reason-words';
