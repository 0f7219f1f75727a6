// What a host gives the app core: the Electron app, the browser preview and the end-to-end rig
// each pass their own. Everything Electron-specific (dialogs, clipboard) comes in through here,
// so the core itself runs under plain Node.
import type { Settings } from '../../shared/schemas/settings';
import type { Logger } from '../engine/deps';
import type { TransferNotice } from './notifier';
import type { KeychainBackend } from '../services/credential-store';
import type { SettingsBackendFactory } from '../services/settings';
import type { AppPaths } from '../services/paths';

export interface AppHost {
  kind: 'electron' | 'preview';
  platform: NodeJS.Platform;
  paths: AppPaths;
  logger: Logger;
  /** Where settings live: electron-store in the app, conf (the default) elsewhere. */
  settingsBackend?: SettingsBackendFactory;
  /** The OS keychain (keytar); loaded lazily, and may reject where there is none. */
  keychain(): Promise<KeychainBackend>;
  /** The native open dialog. The preview and the tests pass a double that returns given paths. */
  chooseUploadPaths(kind: 'files' | 'folders'): Promise<string[]>;
  /** Copies text (share links) to the system clipboard; the renderer never sees the text. */
  /** The native folder picker (null when cancelled); a double in the preview and the tests. */
  chooseFolder(): Promise<string | null>;
  /** Shows a file or folder in the system's file manager. */
  showInFolder(path: string): Promise<void> | void;
  /** The native save dialog for the diagnostics archive (null when cancelled). */
  chooseSavePath(defaultName: string): Promise<string | null>;
  /** Opens an https page in the system browser (the core checks the allowlist first). */
  openExternal(url: string): Promise<void> | void;
  /** A system notification; clicking it should call AppCore.showTransfer(transferId). */
  notify(notice: TransferNotice): void;
  /** The app's version, and Electron's and Chromium's (null in the preview, which has none). */
  versions: { app: string; electron: string | null; chrome: string | null };
  clipboard: { writeText(text: string): Promise<void> | void };
  /** Downloads go here unless the settings name a folder (the OS Downloads folder in the app). */
  defaultDownloadFolder: string;
  /** Applies what only the host can: theme, notifications, close to tray, launch at login. */
  applySettings?(settings: Settings): void;
  /** Engine tuning for tests (small parts, frequent progress); the app uses the settings. */
  engine?: { partConcurrency?: number; chunkSize?: number; progressIntervalMs?: number };
}
