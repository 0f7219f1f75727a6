// One download contract (shared/transfers.ts DownloadInput) carries the download-only choices,
// and the manager validates startDownload() with it when the download kind is registered.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineDeps } from '../../../electron/engine/deps';
import { createDownloadJobFactory } from '../../../electron/engine/download';
import { TransferManager } from '../../../electron/engine/transfer-manager';
import { DownloadInput } from '../../../shared/transfers';

describe('DownloadInput', () => {
  it('fills the download defaults and keeps the choices given', () => {
    expect(DownloadInput.parse({ linkUrl: 'l', destination: '/d' })).toEqual({
      linkUrl: 'l',
      destination: '/d',
      includeZips: false,
      policy: 'rename',
      createDestination: false,
    });
    const full = DownloadInput.parse({
      linkUrl: 'l',
      destination: '/d',
      globs: ['*.mov'],
      includeZips: true,
      policy: 'skip',
      partSize: 8 * 1024 * 1024,
    });
    expect(full).toMatchObject({ globs: ['*.mov'], includeZips: true, policy: 'skip' });
  });
});

describe('TransferManager.startDownload', () => {
  let dir: string;
  let manager: TransferManager;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dl-input-'));
    manager = new TransferManager(
      createEngineDeps({ apiUrl: 'http://127.0.0.1:9', journalDir: dir }),
    );
    // No schema passed: the shared DownloadInput is the one that applies.
    manager.registerJobType(createDownloadJobFactory({ linkHosts: ['127.0.0.1:9'] }));
  });
  afterEach(async () => {
    await manager.shutdown();
    await manager.deps.dispatcher.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects download-only fields that are out of range, naming the field', () => {
    const base = { linkUrl: 'http://127.0.0.1:9/L1?secret=s', destination: dir };
    expect(() => manager.startDownload({ ...base, partSize: 1000 })).toThrow(
      /invalid download: partSize/,
    );
    expect(() => manager.startDownload({ ...base, policy: 'merge' as unknown as 'skip' })).toThrow(
      /invalid download: policy/,
    );
    expect(() => manager.startDownload({ ...base, globs: [''] })).toThrow(
      /invalid download: globs/,
    );
  });
});
