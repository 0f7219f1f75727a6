// Where the app and the CLI keep their state. Both use the same folders so a transfer
// started in one can be listed and resumed from the other.
import { homedir } from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'MASV Desktop';

export interface AppPaths {
  /** Settings file folder (conf writes `settings.json` here). */
  configDir: string;
  /** Journals, history, control files: things that change while transfers run. */
  stateDir: string;
  journalDir: string;
  /** Per-transfer lock and control files used between CLI processes. */
  controlDir: string;
  historyFile: string;
  logsDir: string;
}

export interface PathsInput {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
}

/**
 * MASV_HOME (tests, portable installs) puts everything in one folder. Otherwise:
 * Linux follows XDG (config in XDG_CONFIG_HOME, the rest in XDG_STATE_HOME), macOS uses
 * ~/Library/Application Support, Windows %APPDATA% (roaming, like Electron's userData).
 */
export function resolveAppPaths(input: PathsInput = defaultPathsInput()): AppPaths {
  const { env, platform, home } = input;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const override = nonEmpty(env.MASV_HOME);
  let configDir: string;
  let stateDir: string;
  if (override !== undefined) {
    configDir = override;
    stateDir = override;
  } else if (platform === 'darwin') {
    configDir = p.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    stateDir = configDir;
  } else if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? p.join(home, 'AppData', 'Roaming');
    configDir = p.join(appData, APP_DIR_NAME);
    stateDir = configDir;
  } else {
    // XDG base directories must be absolute; relative values are to be ignored (spec).
    const xdgConfig = absoluteOrUndefined(env.XDG_CONFIG_HOME) ?? p.join(home, '.config');
    const xdgState = absoluteOrUndefined(env.XDG_STATE_HOME) ?? p.join(home, '.local', 'state');
    configDir = p.join(xdgConfig, APP_DIR_NAME);
    stateDir = p.join(xdgState, APP_DIR_NAME);
  }
  return {
    configDir,
    stateDir,
    journalDir: p.join(stateDir, 'journals'),
    controlDir: p.join(stateDir, 'control'),
    historyFile: p.join(stateDir, 'history.json'),
    logsDir: p.join(stateDir, 'logs'),
  };
}

export function defaultPathsInput(): PathsInput {
  return { env: process.env, platform: process.platform, home: homedir() };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function absoluteOrUndefined(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  return v !== undefined && path.posix.isAbsolute(v) ? v : undefined;
}
