// The CLI's side of "one bad file does not sink a package": exit code 8 with every failed file
// named and why, the journal kept, and `masv transfers resume` fetching only the failed files
// (downloads) or resending changed ones on request (uploads, --restart-changed).
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { startBadFilesServer } from '../download/bad-files-server';
import type { BadFilesServer } from '../download/bad-files-server';
import { buildCli, collect, masv, spawnMasv, tempHome } from './masv-process';
import { localHashes, serverHashes } from './package-bytes';

const MiB = 1024 * 1024;

describe('masv download with bad files', () => {
  let srv: BadFilesServer;
  let home: string;
  beforeAll(async () => {
    await buildCli();
    srv = await startBadFilesServer();
    home = tempHome();
  });
  afterAll(async () => {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('exits 8 naming each failed file, and resume fetches only those', async () => {
    const dest = path.join(home, 'dest');
    mkdirSync(dest);
    const args = ['download', srv.linkUrl, '--server', srv.base, '--to', dest, '--json'];
    const r = await masv(args, { home });
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toContain('failed: short.bin changed on the server');
    expect(r.stderr).toContain('failed: sub/gone.bin: MASV could not find');
    expect(r.stderr).toContain('failed: sub/garbled.bin did not arrive intact');
    expect(r.stderr).toMatch(
      /Retry only the failed files with: masv transfers resume [0-9A-Z]{26}/,
    );
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      ok: false,
      exitCode: 8,
      error: { code: 'partial', message: 'complete with 3 failed files' },
      transfer: { state: 'complete' },
    });
    expect(doc.failed.map((f: { path: string; code: string }) => [f.path, f.code]).sort()).toEqual([
      ['short.bin', 'integrity'],
      ['sub/garbled.bin', 'integrity'],
      ['sub/gone.bin', 'not-found'],
    ]);
    const id = doc.transfer.id as string;

    srv.repair();
    srv.gets.clear();
    const again = await masv(['transfers', 'resume', id, '--json'], { home });
    expect(again.code, again.stderr).toBe(0);
    expect([...srv.gets.keys()].sort()).toEqual(['FGONE', 'FMD5', 'FSHORT']);
    for (const f of srv.files) {
      const rel = f.path ? `${f.path}/${f.name}` : f.name;
      expect(readFileSync(path.join(dest, rel)).equals(f.data), rel).toBe(true);
    }
    // Nothing left to resume.
    expect(JSON.parse((await masv(['transfers', '--json'], { home })).stdout).unfinished).toEqual(
      [],
    );
  });
});

describe('masv upload with a file that changes mid-send', () => {
  let emu: Emulator;
  let home: string;
  beforeAll(async () => {
    await buildCli();
    home = tempHome();
    emu = await startEmulator({ dataDir: path.join(home, 'service') });
  });
  afterAll(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('exits 8 with the file named, then --restart-changed sends its new content', async () => {
    const folder = path.join(home, 'shoot');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a.bin'), randomBytes(2 * MiB));
    writeFileSync(path.join(folder, 'moving.bin'), randomBytes(30 * MiB));
    const env = { MASV_API_KEY: emu.demo.apiKey };
    emu.requestLog.clear();
    const child = spawnMasv(
      [
        'upload',
        'shoot',
        '--server',
        emu.apiUrl,
        '--concurrency',
        '2',
        '--limit-rate',
        '8M',
        '--json',
      ],
      { home, env },
    );
    child.stdin?.end();
    const done = collect(child);
    // Once a part of the big file is stored, the file grows.
    const deadline = Date.now() + 30_000;
    while (
      !emu.requestLog.entries().some((e) => e.route === 'storage:uploadPart' && e.status === 200)
    ) {
      if (Date.now() > deadline) throw new Error('no part stored');
      await new Promise((r) => setTimeout(r, 50));
    }
    appendFileSync(path.join(folder, 'moving.bin'), 'more');
    const r = await done;
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toContain('failed: shoot/moving.bin changed while it was being uploaded');
    expect(r.stderr).toContain('--restart-changed');
    expect(r.stderr).toContain('--finalize-without-failed');
    const id = JSON.parse(r.stdout).transfer.id as string;

    const again = await masv(['transfers', 'resume', id, '--restart-changed', '--json'], {
      home,
      env,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Resending 1 changed file(s)');
    const doc = JSON.parse(again.stdout);
    expect(doc.transfer.state).toBe('complete');
    expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(localHashes(folder));
  }, 90_000);
});
