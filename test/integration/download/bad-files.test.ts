// One bad file does not sink a package: files whose body disagrees with the listing, whose URL
// answers 404 or whose bytes fail their MD5 are marked failed with their reasons while the good
// ones finish; the transfer is "complete with N failed files", survives a restart in that state,
// and a retry (once the server is fixed) fetches only the failed files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineDeps } from '../../../electron/engine/deps';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { startBadFilesServer } from './bad-files-server';
import type { BadFilesServer } from './bad-files-server';
import { tempDir } from './helpers';

let srv: BadFilesServer;
beforeAll(async () => {
  srv = await startBadFilesServer();
});
afterAll(async () => {
  await srv.close();
});

function engine(journalDir: string) {
  const deps = createEngineDeps({
    apiUrl: srv.base,
    journalDir,
    partConcurrency: 3,
    settings: { retry: { baseMs: 10, capMs: 50, maxRetryAfterMs: 100 }, partAttempts: 3 },
  });
  const manager = new TransferManager(deps);
  manager.registerJobType(
    createDownloadJobFactory({ linkHosts: [new URL(srv.base).host], checkpointMs: 50 }),
  );
  return {
    manager,
    close: async () => {
      await manager.shutdown();
      await deps.dispatcher.close();
    },
  };
}

const rel = (f: { path: string; name: string }) => (f.path ? `${f.path}/${f.name}` : f.name);

describe('a download with bad files', () => {
  it('finishes the good files, names each failure, and a retry fetches only the failed ones', async () => {
    const dest = tempDir();
    const journalDir = tempDir('masv-dl-journal-');
    const first = engine(journalDir);
    const id = first.manager.startDownload({
      linkUrl: srv.linkUrl,
      destination: dest,
      partSize: 1024 * 1024,
    });
    const snap = await first.manager.waitFor(id);
    expect(snap.state).toBe('complete');
    expect(snap.failedFiles).toBe(3);
    expect(snap.error).toEqual({ code: 'partial', message: 'complete with 3 failed files' });
    expect(snap.filesDone).toBe(2);
    const byPath = new Map(first.manager.files(id).map((f) => [f.path, f]));
    expect(byPath.get('short.bin')).toMatchObject({
      state: 'failed',
      error: { code: 'integrity', message: expect.stringContaining('short.bin') },
    });
    expect(byPath.get('sub/gone.bin')).toMatchObject({
      state: 'failed',
      error: { code: 'not-found' },
    });
    expect(byPath.get('sub/garbled.bin')).toMatchObject({
      state: 'failed',
      error: { code: 'integrity', message: expect.stringContaining('did not arrive intact') },
    });
    for (const f of srv.files) {
      const there = readdirSync(join(dest, f.path)).includes(f.name);
      // Good files are whole; a failed one never appears under its name (no corrupt file).
      expect(there, rel(f)).toBe(f.fault === undefined);
      if (there) expect(readFileSync(join(dest, rel(f))).equals(f.data), rel(f)).toBe(true);
    }
    await first.close();

    // A restart finds it in that state; once the server is fixed, a retry takes only the three.
    const second = engine(journalDir);
    expect((await second.manager.restoreFromJournals()).restored).toEqual([id]);
    expect(second.manager.get(id)).toMatchObject({ state: 'complete', failedFiles: 3 });
    srv.repair();
    srv.gets.clear();
    second.manager.resume(id);
    const again = await second.manager.waitFor(id);
    expect(again.state).toBe('complete');
    expect(again.failedFiles).toBeUndefined();
    expect(again.error).toBeUndefined();
    expect([...srv.gets.keys()].sort()).toEqual(['FMD5', 'FSHORT', 'FGONE'].sort());
    for (const f of srv.files)
      expect(readFileSync(join(dest, rel(f))).equals(f.data), rel(f)).toBe(true);
    expect(readdirSync(dest).filter((n) => n.endsWith('.part'))).toEqual([]);
    await second.close();
  });
});
