import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { DEFAULT_SETTINGS } from '../../../electron/services/settings';
import { testEnv } from './cli-harness';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

async function run(argv: string[], home?: string) {
  const e = testEnv(home === undefined ? {} : { env: { MASV_HOME: home }, cwd: home });
  if (home === undefined) homes.push(e.home);
  const usedHome = home ?? e.home;
  if (home !== undefined) {
    e.paths = { ...e.paths, configDir: home, stateDir: home };
  }
  const code = await runCli(argv, e);
  return { code, out: e.stdout.text, err: e.stderr.text, home: usedHome };
}

describe('masv config', () => {
  it('shows defaults, saves changes to the settings file and resets', async () => {
    const first = await run(['config']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^chunk-size +100 MiB {2}\(default\)$/m);
    expect(first.out).toMatch(/^limit-up +off {2}\(default\)$/m);

    const home = first.home;
    expect((await run(['config', 'chunk-size', '8M'], home)).code).toBe(0);
    expect((await run(['config', 'limit-down', '2M'], home)).code).toBe(0);
    expect((await run(['config', 'on-conflict', 'skip'], home)).code).toBe(0);
    const shown = await run(['config', '--json'], home);
    const doc = JSON.parse(shown.out);
    expect(doc.settings).toMatchObject({
      chunkSizeBytes: 8 * 1024 * 1024,
      downloadLimitBytesPerSecond: 2 * 1024 * 1024,
      onConflict: 'skip',
    });
    expect(JSON.parse(readFileSync(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({
      onConflict: 'skip',
    });

    expect(shown.code).toBe(0);
    const changed = await run(['config'], home);
    expect(changed.out).toMatch(/^chunk-size +8\.00 MiB$/m);
    expect(changed.out).toMatch(/^on-conflict +skip$/m);

    expect((await run(['config', 'limit-down', 'off'], home)).out).toMatch(
      /^limit-down +off {2}\(default\)$/m,
    );
    expect((await run(['config', '--reset'], home)).out).toMatch(
      /^chunk-size +100 MiB {2}\(default\)$/m,
    );
  });

  it('--help and `masv config` show the same defaults, from one source', async () => {
    const shown = await run(['config']);
    const help = await run(['upload', '--help']);
    const downloadHelp = await run(['download', '--help']);
    const concurrency = /^concurrency +(\d+) {2}\(default\)$/m.exec(shown.out)?.[1];
    const chunk = /^chunk-size +(.+) {2}\(default\)$/m.exec(shown.out)?.[1];
    expect(concurrency).toBe(String(DEFAULT_SETTINGS.partConcurrency));
    expect(chunk).toBe('100 MiB');
    for (const text of [help.out, downloadHelp.out])
      expect(text).toContain(`default: the concurrency setting, ${concurrency} unless changed`);
    expect(help.out).toContain(`default: the chunk-size setting, ${chunk} unless changed`);
  });

  it('rejects unknown keys and bad values with exit 2', async () => {
    const unknown = await run(['config', 'colour', 'blue']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^masv: unknown setting 'colour' \(one of: server, /);
    const bad = await run(['config', 'chunk-size', '1M']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("masv: '1M' is not a valid value for chunk-size\n");
    expect((await run(['config', 'on-conflict', 'merge'])).code).toBe(2);
    expect((await run(['config', 'server'])).code).toBe(2);
  });
});
