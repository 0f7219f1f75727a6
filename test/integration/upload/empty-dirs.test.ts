// Empty folders travel as MASV `kind:"directory"` entries: an upload sends one per empty folder
// of the chosen tree (journaled, so a resume adds none twice), and a link download recreates
// them in the destination.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import { parseJournal } from '../../../electron/engine/journal';
import { makeFile, sha256, startHarness } from './harness';
import type { Harness } from './harness';

const MiB = 1024 * 1024;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ partConcurrency: 2 });
});
afterAll(async () => {
  await h.close();
});

async function until(cond: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function records(id: string): Promise<{ t: string }[]> {
  const text = await readFile(join(h.journalDir, `${id}.jsonl`), 'utf8').catch(() => '');
  return parseJournal<{ t: string }>(text);
}

describe('empty folders', () => {
  it('are uploaded once as directory entries across a restart, and a download recreates them', async () => {
    const tree = join(h.root, 'proj');
    const digest = await makeFile(join(tree, 'clip.bin'), 12 * MiB);
    await mkdir(join(tree, 'empty'), { recursive: true });
    await mkdir(join(tree, 'nested', 'deeper'), { recursive: true });
    // Only OS junk inside: the folder is empty as far as the package goes.
    await mkdir(join(tree, 'junk'), { recursive: true });
    await writeFile(join(tree, 'junk', '.DS_Store'), 'x');

    h.emu.faults.update({
      rules: [{ route: 'storage:uploadPart', rate: 1, action: { kind: 'latency', ms: 200 } }],
    });
    const first = h.newManager();
    const id = first.startUpload({
      paths: [tree],
      name: 'with empty folders',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
    });
    // Stop once the folders and the file's own add-file are journaled (parts still moving), so
    // every add-file the restart could repeat is one the journal knows about.
    await until(async () => {
      const recs = await records(id);
      return recs.filter((r) => r.t === 'dir').length === 3 && recs.some((r) => r.t === 'mp');
    }, 'three directory entries and the file journaled');
    await first.shutdown();
    h.emu.faults.clear();

    const second = h.newManager();
    expect((await second.restoreFromJournals()).restored).toEqual([id]);
    const snap = await second.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');

    // One add-file per entry in all (1 file + 3 folders): the restart re-added none.
    const adds = h.emu.requestLog.entries().filter((e) => e.route === 'api:addFile');
    expect(adds.map((e) => e.status)).toEqual([201, 201, 201, 201]);
    const client = h.deps.client;
    const pkg = await client.getTeamPackage(h.emu.demo.teamId, snap.packageId!);
    const token = pkg.accessToken!;
    const listed = await client.listFiles(snap.packageId!, token);
    const entries = listed
      .filter((f) => f.kind === 'file' || f.kind === 'directory')
      .map((f) => `${f.kind} ${f.path ? `${f.path}/` : ''}${f.name}`)
      .sort();
    expect(entries).toEqual([
      'directory proj/empty',
      'directory proj/junk',
      'directory proj/nested/deeper',
      'file proj/clip.bin',
    ]);

    // The other way: a link download rebuilds the tree, empty folders included.
    const link = await client.createLink(snap.packageId!, token);
    const downloads = h.newManager();
    downloads.registerJobType(
      createDownloadJobFactory({ linkHosts: [new URL(h.emu.linkBaseUrl).host] }),
    );
    const dest = join(h.root, 'dest');
    await mkdir(dest);
    const got = await downloads.waitFor(
      downloads.startDownload({
        linkUrl: `${h.emu.linkBaseUrl}/${link.id}?secret=${link.secret ?? ''}`,
        destination: dest,
      }),
    );
    expect(got.error).toBeUndefined();
    expect(got.state).toBe('complete');
    expect(sha256(await readFile(join(dest, 'proj', 'clip.bin')))).toBe(digest);
    for (const d of ['empty', 'junk', join('nested', 'deeper')]) {
      expect(statSync(join(dest, 'proj', d)).isDirectory(), d).toBe(true);
      expect(readdirSync(join(dest, 'proj', d)), d).toEqual([]);
    }
    expect(existsSync(join(dest, 'proj', 'junk', '.DS_Store'))).toBe(false);
  });
});

describe('empty folders on a server that refuses folder entries', () => {
  let strict: Harness;
  beforeAll(async () => {
    strict = await startHarness({ emulator: { acceptDirectoryEntries: false } });
  });
  afterAll(async () => {
    await strict.close();
  });

  it('still sends every file, and reports the folders as skipped instead of failing', async () => {
    const tree = join(strict.root, 'proj');
    const digest = await makeFile(join(tree, 'clip.bin'), 1024);
    await mkdir(join(tree, 'empty'), { recursive: true });
    const manager = strict.newManager();
    const snap = await manager.waitFor(
      manager.startUpload({
        paths: [tree],
        name: 'strict server',
        target: { kind: 'team', teamId: strict.emu.demo.teamId },
      }),
    );
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');
    expect(snap.skipped).toEqual([
      expect.stringMatching(
        /^proj\/empty: empty folder \(the server does not accept folder entries\)$/,
      ),
    ]);
    const adds = strict.emu.requestLog.entries().filter((e) => e.route === 'api:addFile');
    expect(adds.map((e) => e.status).sort()).toEqual([201, 400]);
    const pkg = await strict.deps.client.getTeamPackage(strict.emu.demo.teamId, snap.packageId!);
    const listed = await strict.deps.client.listFiles(snap.packageId!, pkg.accessToken!);
    expect(listed.filter((f) => f.kind === 'file').map((f) => `${f.path}/${f.name}`)).toEqual([
      'proj/clip.bin',
    ]);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
