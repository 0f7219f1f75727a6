// State survives a restart on the same data folder: an upload begun before can be finished after,
// with the same tokens, demo account and S3 keys.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import {
  createTeamPackage,
  finalizeBody,
  sha256,
  startTestEmulator,
  tempDir,
  TestClient,
  tokenHeader,
  uploadParts,
} from './test-helpers';

const MiB = 1024 * 1024;

describe('restart persistence', () => {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });

  it('finishes a package after a restart on the same data folder', async () => {
    const dataDir = tempDir();
    const first = await startTestEmulator({ dataDir });
    running.push(first);
    const c1 = new TestClient(first.apiUrl);
    const { id, token } = await createTeamPackage(c1, first, { name: 'survivor' });
    const data = randomBytes(5 * MiB + 333);
    const up = await uploadParts(c1, id, token, {
      name: 'big.bin',
      path: 'a',
      data,
      partSize: 5 * MiB,
    });
    const link = await c1.call('POST', `/v1/packages/${id}/links`, {
      headers: tokenHeader(token),
      json: { email: '', access_limit: 3 },
    });
    await first.close();
    running.length = 0;

    const second = await startTestEmulator({ dataDir });
    running.push(second);
    const c2 = new TestClient(second.apiUrl);
    expect(second.demo).toEqual({
      ...first.demo,
      linkUrl: first.demo.linkUrl.replace(first.apiUrl, second.apiUrl),
    });
    expect({ ...second.s3 }).toEqual({ ...first.s3 });

    // The package token issued before the restart still works: the signing secret persisted.
    const fin = await c2.call('POST', `/v1/packages/${id}/files/${up.fileId}/finalize`, {
      headers: tokenHeader(token),
      json: finalizeBody(up, data.length),
    });
    expect(fin.status).toBe(200);
    expect(
      (await c2.call('POST', `/v1/packages/${id}/finalize`, { headers: tokenHeader(token) }))
        .status,
    ).toBe(200);
    const open = await c2.call(
      'GET',
      `/v1/links/${link.json.id}?secret=${link.json.download_secret}`,
    );
    expect(open.status).toBe(200);
    const dl = await c2.call('GET', `/v1/packages/${id}/files/${up.fileId}/download`, {
      headers: tokenHeader(open.json.package_token),
    });
    const bytes = await c2.getBytes(dl.json.url);
    expect(sha256(bytes.body)).toBe(sha256(data));
    await second.close();
    running.length = 0;

    // A third start sees the finalized state and the link's counter.
    const third = await startTestEmulator({ dataDir });
    running.push(third);
    const c3 = new TestClient(third.apiUrl);
    const pkg = await c3.call('GET', `/v1.1/teams/${third.demo.teamId}/packages/${id}`, {
      headers: { 'X-API-KEY': third.demo.apiKey },
    });
    expect(pkg.json).toMatchObject({ state: 'finalized', size: data.length, total_files: 1 });
    expect(pkg.json.links[0]).toMatchObject({ access_count: 1, access_limit: 3 });
  });
});
