// The `masv` command's entry (bundled to out/cli/cli.js, started by bin/masv.js): wires the
// real process streams, state folders and keychain into the CLI, then exits with its code.
import process from 'node:process';
import packageJson from '../package.json';
import { CLI_COMMANDS } from './cli/commands';
import { runCli } from './cli/run';
import { loadKeytar } from './services/credential-store';
import { keychainLoader } from './services/file-keychain';
import { resolveAppPaths } from './services/paths';

const paths = resolveAppPaths();
const code = await runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    paths,
    keychain: keychainLoader({
      load: loadKeytar,
      stateDir: paths.stateDir,
      env: process.env,
      onFallback: (notice) => process.stderr.write(`masv: ${notice}\n`),
    }),
    version: packageJson.version,
    onInterrupt: (handler) => {
      // conf's atomic writer (via when-exit) listens for SIGINT to clean up and then re-raises
      // it to kill the process. While a transfer runs, Ctrl-C means "pause", so our handler
      // gets the signal alone; the others come back afterwards (their exit hook still runs).
      const others = process.rawListeners('SIGINT') as Array<(...args: unknown[]) => void>;
      process.removeAllListeners('SIGINT');
      process.on('SIGINT', handler);
      return () => {
        process.off('SIGINT', handler);
        for (const l of others) process.on('SIGINT', l);
      };
    },
  },
  CLI_COMMANDS,
);

// Let stdout drain before exiting (pipes are asynchronous), then exit even if a keep-alive
// socket or timer is still around.
process.stdout.write('', () => process.exit(code));
