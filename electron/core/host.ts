// What a host gives the app core: the Electron app, the browser preview and the end-to-end rig
// each pass their own. Everything Electron-specific (dialogs, clipboard) comes in through here,
// so the core itself runs under plain Node.
import type { Settings } from '../../shared/schemas/settings';
import type { Logger } from '../engine/deps';
import type { KeychainBackend } from '../services/credential-store';
import type { AppPaths } from '../services/paths';

export interface AppHost {
  kind: 'electron' | 'preview';
  platform: NodeJS.Platform;
  paths: AppPaths;
  logger: Logger;
  /** The OS keychain (keytar); loaded lazily, and may reject where there is none. */
  keychain(): Promise<KeychainBackend>;
  /** The native open dialog. The preview and the tests pass a double that returns given paths. */
  chooseUploadPaths(kind: 'files' | 'folders'): Promise<string[]>;
  /** Copies text (share links) to the system clipboard; the renderer never sees the text. */
  /** The native folder picker (null when cancelled); a double in the preview and the tests. */
  chooseFolder(): Promise<string | null>;
  /** Shows a file or folder in the system's file manager. */
  showInFolder(path: string): Promise<void> | void;
  clipboard: { writeText(text: string): Promise<void> | void };
  /** Downloads go here unless the settings name a folder (the OS Downloads folder in the app). */
  defaultDownloadFolder: string;
  /** Applies what only the host can: theme, notifications, close to tray, launch at login. */
  applySettings?(settings: Settings): void;
  /** Engine tuning for tests (small parts, frequent progress); the app uses the settings. */
  engine?: { partConcurrency?: number; chunkSize?: number; progressIntervalMs?: number };
}
