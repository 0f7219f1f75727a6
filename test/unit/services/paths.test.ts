import { describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../../electron/services/paths';

describe('resolveAppPaths', () => {
  it('uses MASV_HOME for everything when set', () => {
    const p = resolveAppPaths({ env: { MASV_HOME: '/tmp/m' }, platform: 'linux', home: '/home/u' });
    expect(p).toEqual({
      configDir: '/tmp/m',
      stateDir: '/tmp/m',
      journalDir: '/tmp/m/journals',
      controlDir: '/tmp/m/control',
      historyFile: '/tmp/m/history.json',
      logsDir: '/tmp/m/logs',
    });
  });

  it('follows XDG on Linux, ignoring relative values', () => {
    const d = resolveAppPaths({ env: {}, platform: 'linux', home: '/home/u' });
    expect(d.configDir).toBe('/home/u/.config/MASV Desktop');
    expect(d.stateDir).toBe('/home/u/.local/state/MASV Desktop');
    const x = resolveAppPaths({
      env: { XDG_CONFIG_HOME: '/cfg', XDG_STATE_HOME: 'relative' },
      platform: 'linux',
      home: '/home/u',
    });
    expect(x.configDir).toBe('/cfg/MASV Desktop');
    expect(x.stateDir).toBe('/home/u/.local/state/MASV Desktop');
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(resolveAppPaths({ env: {}, platform: 'darwin', home: '/Users/u' }).journalDir).toBe(
      '/Users/u/Library/Application Support/MASV Desktop/journals',
    );
    expect(
      resolveAppPaths({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\u',
      }).historyFile,
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\MASV Desktop\\history.json');
  });
});
