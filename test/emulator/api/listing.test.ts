// v1.1 package listing (paging, sort, filters) and the >10 000-file listing throttle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import {
  createTeamPackage,
  startTestEmulator,
  TestClient,
  tokenHeader,
  uploadFile,
} from './test-helpers';

describe('team package listing', () => {
  let emu: Emulator;
  let c: TestClient;
  const list = (qs = '') =>
    c.call('GET', `/v1.1/teams/${emu.demo.teamId}/packages${qs}`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
    });
  const names = (r: { json: any }) => r.json.records.map((p: any) => p.name);

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
    // The seeded "Demo package" (86 bytes, finalized) is in the team as well.
    for (const [name, bytes] of [
      ['alpha', 1],
      ['beta', 3],
      ['Alpha two', 2],
    ] as const) {
      const p = await createTeamPackage(c, emu, { name });
      await uploadFile(c, p.id, p.token, {
        name: 'f',
        data: Buffer.alloc(bytes, 1),
        partSize: 5 * 1024 * 1024,
      });
      await c.call('POST', `/v1/packages/${p.id}/finalize`, { headers: tokenHeader(p.token) });
    }
    await createTeamPackage(c, emu, { name: 'gamma (open)' });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('lists finalized and expired packages by default, newest first', async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.json.metadata.total).toBe(4);
    expect(names(r)).toEqual(['Alpha two', 'beta', 'alpha', 'Demo package']);
    const rec = r.json.records[0];
    for (const k of [
      'access_limit',
      'access_token',
      'contains_virus',
      'created_at',
      'description',
      'expiry',
      'id',
      'name',
      'sender',
      'size',
      'state',
      'total_files',
    ]) {
      expect(rec).toHaveProperty(k);
    }
    const files = await c.call('GET', `/v1/packages/${rec.id}/files`, {
      headers: tokenHeader(rec.access_token),
    });
    expect(files.status).toBe(200);
  });

  it('filters by status and name substring', async () => {
    expect(names(await list('?status=new'))).toEqual(['gamma (open)']);
    expect((await list('?status=new,finalized')).json.metadata.total).toBe(5);
    expect((await list('?status=new&status=finalized')).json.metadata.total).toBe(5);
    expect(names(await list('?name=ALPHA&sort=name'))).toEqual(['alpha', 'Alpha two']);
  });

  it('sorts ascending and descending', async () => {
    expect(names(await list('?sort=name'))).toEqual(['alpha', 'Alpha two', 'beta', 'Demo package']);
    expect(names(await list('?sort=-size'))).toEqual([
      'Demo package',
      'beta',
      'Alpha two',
      'alpha',
    ]);
    expect(names(await list('?sort=created_at'))).toEqual([
      'Demo package',
      'alpha',
      'beta',
      'Alpha two',
    ]);
  });

  it('pages with page/limit and clamps limit to 100', async () => {
    const p2 = await list('?sort=name&limit=2&page=2');
    expect(names(p2)).toEqual(['beta', 'Demo package']);
    expect(p2.json.metadata).toMatchObject({ total: 4, page: 2, limit: 2 });
    expect((await list('?limit=5000')).json.metadata.limit).toBe(100);
    expect((await list('?page=9')).json.records).toEqual([]);
  });

  it('rejects bad query values with 400', async () => {
    expect((await list('?sort=colour')).json).toEqual({
      code: 400,
      message: 'unknown sort field: colour',
    });
    expect((await list('?page=0')).json).toEqual({ code: 400, message: 'page must be at least 1' });
    expect((await list('?limit=abc')).json.code).toBe(400);
    expect((await list('?status=lost')).json).toEqual({
      code: 400,
      message: 'unknown status: lost',
    });
  });

  it('returns one package with a usable access_token, 404 for others', async () => {
    const one = await c.call(
      'GET',
      `/v1.1/teams/${emu.demo.teamId}/packages/${emu.demo.packageId}`,
      {
        headers: { 'X-API-KEY': emu.demo.apiKey },
      },
    );
    expect(one.json).toMatchObject({ id: emu.demo.packageId, state: 'finalized', total_files: 2 });
    const missing = await c.call(
      'GET',
      `/v1.1/teams/${emu.demo.teamId}/packages/01ARZ3NDEKTSV4RRFFQ69G5FAV`,
      {
        headers: { 'X-API-KEY': emu.demo.apiKey },
      },
    );
    expect(missing.json).toEqual({ code: 404, message: 'package not found' });
  });
});

describe('packages with more than 10 000 files', () => {
  let emu: Emulator;
  afterAll(async () => {
    await emu.close();
  });

  it('accepts 10 001 entries and then limits listing to once per 5 s (429, Retry-After: 5)', async () => {
    emu = await startTestEmulator();
    const c = new TestClient(emu.apiUrl);
    const { id, token } = await createTeamPackage(c, emu);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < 10_001; i = next++) {
        const r = await c.call('POST', `/v1/packages/${id}/files`, {
          headers: tokenHeader(token),
          json: { kind: 'directory', name: `d${i}`, path: `batch${i % 10}`, size: 0 },
        });
        if (r.status !== 201) throw new Error(`entry ${i}: ${r.status} ${r.text}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const first = await c.call('GET', `/v1/packages/${id}/files`, { headers: tokenHeader(token) });
    expect(first.status).toBe(200);
    expect(first.json).toHaveLength(10_001);
    const second = await c.call('GET', `/v1/packages/${id}/files`, { headers: tokenHeader(token) });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('5');
    expect(second.json.message).toBe(
      'packages with more than 10000 files may be listed once every 5 seconds',
    );
  });
});
