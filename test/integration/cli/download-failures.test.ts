// `masv download` when the download cannot succeed: a wrong secret leaves nothing behind, and a
// package deleted mid-way is shown as a permanent failure that `resume --all` skips, `resume ID`
// explains and `cancel` clears (touching nothing on the server).
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { file, MiB, publish } from '../download/helpers';
import { buildCli, collect, masv, spawnMasv, tempHome } from './masv-process';

function transferId(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      const m = /Transfer ([0-9A-Z]{26}):/.exec(text);
      if (m?.[1] !== undefined) {
        child.stderr?.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`masv exited before a transfer started: ${text}`)));
  });
}

describe('masv download that cannot succeed', () => {
  let emu: Emulator;
  let home: string;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({ dataDir: path.join(home, 'service') });
  });
  afterAll(async () => {
    emu.faults.clear();
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('with a wrong secret creates no folder and leaves nothing to resume', async () => {
    const pub = await publish(emu, [file('', 'a.bin', MiB)]);
    const wrong = pub.linkUrl.replace(/secret=[^&]+/, 'secret=WrongSecret123456');
    const r = await masv(['download', wrong, '--server', emu.apiUrl, '--to', 'new/sub'], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('masv: this link does not exist (check the address)\n');
    expect(r.stderr).toContain('Nothing was created; retrying cannot help.\n');
    expect(r.stderr).not.toContain('resume');
    expect(existsSync(path.join(home, 'new'))).toBe(false);
    expect((await masv(['transfers'], { home })).stdout).toMatch(/^No unfinished transfers\.$/m);
    expect((await masv(['transfers', 'resume', '--all'], { home })).stdout).toBe(
      'Nothing to resume.\n',
    );
  });

  it('of a package deleted mid-way: failed for good, skipped by --all, cleared by cancel', async () => {
    const pub = await publish(emu, [file('', 'big.bin', 8 * MiB), file('', 'small.txt', 10)]);
    // Slow, and every GET cut after 1 MiB: the download keeps asking storage for more, so it
    // is still running (and must ask again) when the package goes, however loaded the machine.
    emu.faults.update({
      bandwidthBytesPerSecond: MiB,
      rules: [{ route: 'storage:getObject', every: 1, action: { kind: 'reset', afterBytes: MiB } }],
    });
    const child = spawnMasv(['download', pub.linkUrl, '--server', emu.apiUrl, '--to', 'dl'], {
      home,
    });
    child.stdin?.end();
    const done = collect(child);
    const id = await transferId(child);
    const deadline = Date.now() + 30_000;
    while (!existsSync(path.join(home, 'dl', 'big.bin.part'))) {
      if (Date.now() > deadline) throw new Error('the download never started writing');
      await new Promise((r) => setTimeout(r, 20));
    }
    const del = await fetch(`${emu.apiUrl}/v1/packages/${pub.packageId}`, {
      method: 'DELETE',
      headers: { 'x-package-token': pub.token },
    });
    expect(del.status).toBe(204);
    const failed = await done;
    emu.faults.clear();
    expect(failed.code, failed.stderr).toBe(4);
    expect(failed.stderr).toContain(
      `Retrying cannot help; clear it away with: masv transfers cancel ${id}\n`,
    );

    const listed = await masv(['transfers'], { home });
    const row = listed.stdout.split('\n').find((l) => l.includes(id)) ?? '';
    expect(row).toMatch(/ download +failed \(permanent: .+\)/);
    expect(listed.stdout).toContain(
      'Permanent failures cannot be resumed; clear them with `masv transfers cancel ID`.',
    );

    const all = await masv(['transfers', 'resume', '--all'], { home });
    expect(all.code).toBe(0);
    expect(all.stderr).toMatch(
      new RegExp(`^Skipped ${id}: it failed for good \\(.+\\); clear it`, 'm'),
    );
    expect(all.stdout).toBe('Nothing to resume: every unfinished transfer failed for good.\n');

    const one = await masv(['transfers', 'resume', id], { home });
    expect(one.code).toBe(4);
    expect(one.stderr).toMatch(
      new RegExp(`^masv: transfer ${id} cannot be resumed: .+, and retrying cannot change that;`),
    );

    const requestsBefore = emu.requestLog.entries().length;
    const cancel = await masv(['transfers', 'cancel', id], { home });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toBe(
      `Cancelled ${id}; its unfinished .part files and its journal are deleted, finished files are kept, and nothing on MASV was touched.\n`,
    );
    expect(emu.requestLog.entries().length).toBe(requestsBefore);
    expect(readdirSync(path.join(home, 'dl')).filter((n) => n.endsWith('.part'))).toEqual([]);
    expect((await masv(['transfers'], { home })).stdout).toMatch(/^No unfinished transfers\.$/m);
  });
});
