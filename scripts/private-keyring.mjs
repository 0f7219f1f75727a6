// Re-runs a Node script inside a private D-Bus session with an unlocked gnome-keyring (Linux),
// so what it puts in the keychain (the local service's demo key) never lands in the user's own
// keyring and disappears when it ends. Used by `npm run demo` and `npm run preview`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const INNER = 'MASV_PRIVATE_KEYRING_INNER';

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** True when this process should re-run itself (Linux, tools present, not already inside). */
export function wantsPrivateKeyring() {
  return (
    process.platform === 'linux' &&
    !process.env[INNER] &&
    have('dbus-run-session') &&
    have('gnome-keyring-daemon')
  );
}

/**
 * Runs `node <nodeArgs…>` inside the private session and exits with its status. HOME is a temp
 * folder for the session's keyring files; the script gets the real one back as MASV_REAL_HOME.
 */
export function reexecWithPrivateKeyring(nodeArgs) {
  const kh = mkdtempSync(path.join(tmpdir(), 'masv-keyring-'));
  mkdirSync(path.join(kh, 'run'), { mode: 0o700 });
  const inner = `echo -n private | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"`;
  const r = spawnSync(
    'dbus-run-session',
    [
      // Drops dbus-daemon's harmless "Failed to set fd limit" line (see the script).
      `--dbus-daemon=${path.join(import.meta.dirname, 'quiet-dbus-daemon.sh')}`,
      '--',
      'sh',
      '-c',
      inner,
      'sh',
      process.execPath,
      ...nodeArgs,
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        HOME: kh,
        XDG_RUNTIME_DIR: path.join(kh, 'run'),
        MASV_REAL_HOME: process.env.HOME ?? '',
        [INNER]: '1',
      },
    },
  );
  rmSync(kh, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
