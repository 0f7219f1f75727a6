import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/index';
import { buildCli, masv, tempHome } from './masv-process';
import { localHashes, serverHashes } from './package-bytes';

const MiB = 1024 * 1024;

describe.runIf(process.env.MASV_TEST_KEYRING === 'gnome-keyring')(
  'masv upload / download (built CLI, local service)',
  () => {
    let emu: Emulator;
    let home: string;
    let sample: string;
    beforeAll(async () => {
      await buildCli();
      home = tempHome();
      emu = await startEmulator({ dataDir: path.join(home, 'service') });
      sample = path.join(home, 'work', 'shoot');
      mkdirSync(path.join(sample, 'day1', 'cam-a'), { recursive: true });
      writeFileSync(path.join(sample, 'notes.txt'), 'call sheet\n');
      writeFileSync(path.join(sample, 'day1', 'still.bin'), randomBytes(300 * 1024));
      // 12 MiB at 5 MiB parts: three parts, the last one short.
      writeFileSync(path.join(sample, 'day1', 'cam-a', 'clip.bin'), randomBytes(12 * MiB));
      const login = await masv(['login', '--server', emu.apiUrl, '--api-key', emu.demo.apiKey], {
        home,
      });
      expect(login.code).toBe(0);
    });
    afterAll(async () => {
      await emu.close();
      rmSync(home, { recursive: true, force: true });
    });

    it('uploads a folder, prints package id and link, and the server holds identical bytes', async () => {
      const r = await masv(
        ['upload', 'work/shoot', '--chunk-size', '5M', '--to', 'someone@example.test'],
        { home },
      );
      expect(r.code, r.stderr).toBe(0);
      const packageId = /^Package: (\S+)$/m.exec(r.stdout)?.[1];
      const link = /^Link: +(\S+)$/m.exec(r.stdout)?.[1];
      expect(packageId).toMatch(/^[0-9A-Z]{26}$/);
      expect(link).toMatch(new RegExp(`^${emu.apiUrl}/[0-9A-Z]{26}\\?secret=`));
      // Progress went to stderr as plain lines (not a TTY), never to stdout.
      expect(r.stderr).toMatch(/shoot: 100% .*complete/);
      expect(r.stderr).not.toContain('\x1b');
      expect(r.stdout + r.stderr).not.toContain(emu.demo.apiKey);

      const onServer = await serverHashes(emu.apiUrl, link!);
      expect(onServer).toEqual(localHashes(sample));
      const parts = emu.requestLog
        .entries()
        .filter((e) => e.route === 'storage:uploadPart' && e.status === 200);
      expect(parts.length).toBe(1 + 1 + 3);

      // And back down with the CLI's own download command.
      const dest = path.join(home, 'downloads');
      const d = await masv(['download', link!, '--to', dest, '--json'], { home });
      expect(d.code, d.stderr).toBe(0);
      expect(JSON.parse(d.stdout)).toMatchObject({
        ok: true,
        transfer: { kind: 'download', state: 'complete', filesTotal: 3 },
      });
      expect(localHashes(path.join(dest, 'shoot'))).toEqual(localHashes(sample));

      // --include picks files by their package path; a second run into the same folder with
      // --on-conflict skip leaves the existing file alone.
      const only = path.join(home, 'only-text');
      const inc = await masv(['download', link!, '--to', only, '--include', '**/*.txt'], { home });
      expect(inc.code, inc.stderr).toBe(0);
      expect([...localHashes(only, '').keys()]).toEqual(['shoot/notes.txt']);
      const again = await masv(
        ['download', link!, '--to', only, '--include', '**/*.txt', '--on-conflict', 'skip'],
        {
          home,
        },
      );
      expect(again.code, again.stderr).toBe(0);
      expect([...localHashes(only, '').keys()]).toEqual(['shoot/notes.txt']);
      const badPolicy = await masv(['download', link!, '--on-conflict', 'merge'], { home });
      expect(badPolicy.code).toBe(2);

      const list = await masv(['transfers', '--json'], { home });
      const doc = JSON.parse(list.stdout);
      expect(doc.unfinished).toEqual([]);
      expect(
        doc.history.map((h: { kind: string; state: string }) => `${h.kind}:${h.state}`),
      ).toEqual(['download:complete', 'download:complete', 'download:complete', 'upload:complete']);
    });

    it('prints one JSON document with --json', async () => {
      const r = await masv(
        ['upload', path.join(sample, 'notes.txt'), '--name', 'Notes only', '--json'],
        { home },
      );
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({
        ok: true,
        transfer: {
          kind: 'upload',
          state: 'complete',
          name: 'Notes only',
          filesTotal: 1,
          bytesTotal: 11,
        },
      });
      expect(doc.transfer.packageId).toMatch(/^[0-9A-Z]{26}$/);
      expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(
        new Map([['notes.txt', localHashes(sample).get('shoot/notes.txt')]]),
      );
      // The history file names the link by id; its secret is in the keychain, and
      // `masv transfers` puts the two together again.
      const secret = new URL(doc.linkUrl as string).searchParams.get('secret') ?? '';
      expect(secret).not.toBe('');
      const historyFile = readFileSync(path.join(home, 'history.json'), 'utf8');
      expect(historyFile).toContain(new URL(doc.linkUrl as string).pathname.slice(1));
      expect(historyFile).not.toContain(secret);
      const listed = JSON.parse((await masv(['transfers', '--json'], { home })).stdout);
      expect(listed.history).toContainEqual(
        expect.objectContaining({ id: doc.transfer.id, linkUrl: doc.linkUrl }),
      );
    });

    it('leaves a package open with --no-finalize and finalizes it later', async () => {
      const r = await masv(
        ['upload', 'work/shoot/day1', '--no-finalize', '--chunk-size', '5M', '--json'],
        { home },
      );
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.transfer.state).toBe('idle');
      const linkId = new URL(doc.linkUrl).pathname.slice(1);
      const secret = new URL(doc.linkUrl).searchParams.get('secret');
      const early = await fetch(`${emu.apiUrl}/v1/links/${linkId}?secret=${secret}`);
      expect(early.status).toBe(403);
      const listed = JSON.parse((await masv(['transfers', '--json'], { home })).stdout);
      expect(listed.unfinished).toEqual([
        expect.objectContaining({ id: doc.transfer.id, state: 'idle' }),
      ]);

      const fin = await masv(['transfers', 'finalize', doc.transfer.id, '--json'], { home });
      expect(fin.code, fin.stderr).toBe(0);
      expect(JSON.parse(fin.stdout).transfer.state).toBe('complete');
      expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(
        localHashes(path.join(sample, 'day1')),
      );
      expect(JSON.parse((await masv(['transfers', '--json'], { home })).stdout).unfinished).toEqual(
        [],
      );
    });

    it('adds files to a package left open with `transfers add`, then finalizes with --finalize', async () => {
      const extra = path.join(home, 'work', 'extra');
      mkdirSync(path.join(extra, 'more', 'b'), { recursive: true });
      writeFileSync(path.join(extra, 'late.bin'), randomBytes(6 * MiB));
      writeFileSync(path.join(extra, 'more', 'b', 'c.bin'), randomBytes(1000));
      const r = await masv(['upload', 'work/shoot/day1', '--no-finalize', '--json'], { home });
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);

      const add = await masv(
        ['transfers', 'add', doc.transfer.id, 'work/extra/late.bin', '--json'],
        {
          home,
        },
      );
      expect(add.code, add.stderr).toBe(0);
      expect(JSON.parse(add.stdout).transfer).toMatchObject({ state: 'idle', filesTotal: 3 });
      // A path the package already holds refuses the whole addition.
      const clash = await masv(['transfers', 'add', doc.transfer.id, 'work/extra/late.bin'], {
        home,
      });
      expect(clash.code).toBe(2);
      expect(clash.stderr).toContain('already holds a file at late.bin');

      const fin = await masv(
        ['transfers', 'add', doc.transfer.id, 'work/extra/more', '--finalize', '--json'],
        { home },
      );
      expect(fin.code, fin.stderr).toBe(0);
      expect(JSON.parse(fin.stdout).transfer).toMatchObject({ state: 'complete', filesTotal: 4 });
      const extras = localHashes(extra, '');
      expect(extras.size).toBe(2);
      expect(await serverHashes(emu.apiUrl, doc.linkUrl)).toEqual(
        new Map([...localHashes(path.join(sample, 'day1')), ...extras]),
      );
    });

    it('reports a missing file in one line with exit 4 and creates no package', async () => {
      const before = emu.requestLog.entries().filter((e) => e.route === 'api:createPackage').length;
      const r = await masv(['upload', 'work/shoot', 'no/such/file.mov'], { home });
      expect(r.code).toBe(4);
      expect(r.stderr).toBe('masv: no such file or folder: no/such/file.mov\n');
      expect(emu.requestLog.entries().filter((e) => e.route === 'api:createPackage').length).toBe(
        before,
      );
    });

    it('refuses a malformed or unknown link with exit 4', async () => {
      const bad = await masv(['download', 'https://example.com/not-a-link'], { home });
      expect(bad.code).toBe(4);
      expect(bad.stderr).toMatch(/^masv: not a usable MASV link: .+\n$/);
      const unknown = await masv(
        ['download', `${emu.apiUrl}/01ARZ3NDEKTSV4RRFFQ69G5FAV?secret=abcdefgh`, '--json'],
        {
          home,
        },
      );
      expect(unknown.code).toBe(4);
      expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, exitCode: 4 });
    });

    it('uploads into a portal without a login and checks the access code', async () => {
      const bare = tempHome();
      try {
        const file = path.join(sample, 'notes.txt');
        const ok = await masv(
          [
            'upload',
            file,
            '--server',
            emu.apiUrl,
            '--portal',
            emu.demo.portalSubdomain,
            '--sender',
            'a@example.test',
            '--json',
          ],
          { home: bare },
        );
        expect(ok.code, ok.stderr).toBe(0);
        expect(JSON.parse(ok.stdout).transfer.state).toBe('complete');
        const locked = await masv(
          [
            'upload',
            file,
            '--server',
            emu.apiUrl,
            '--portal',
            emu.demo.lockedPortalSubdomain,
            '--sender',
            'a@example.test',
          ],
          { home: bare },
        );
        expect(locked.code).toBe(3);
        expect(locked.stderr).toMatch(/^masv: .*access code/m);
      } finally {
        rmSync(bare, { recursive: true, force: true });
      }
    });
  },
);
