// Fault injection on API routes (`api:<route>`), driven over the /_emulator admin routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import {
  createTeamPackage,
  finalizeBody,
  startTestEmulator,
  TestClient,
  tokenHeader,
  uploadParts,
} from './test-helpers';

describe('API fault injection', () => {
  let emu: Emulator;
  let c: TestClient;

  beforeAll(async () => {
    emu = await startTestEmulator();
    c = new TestClient(emu.apiUrl);
  });
  afterAll(async () => {
    await emu.close();
  });

  const setFaults = (json: unknown) => c.call('PUT', '/_emulator/faults', { json });

  async function addFileStatuses(pid: string, token: string, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await c.call('POST', `/v1/packages/${pid}/files`, {
        headers: tokenHeader(token),
        json: { name: `f${i}`, size: 1 },
      });
      out.push(r.status);
      if (r.status === 429) {
        expect(r.headers.get('retry-after')).toBe('7');
        expect(r.json).toEqual({ code: 429, message: 'too many requests' });
      }
    }
    return out;
  }

  it('throttles with 429 + Retry-After, repeating exactly for the same seed', async () => {
    const { id, token } = await createTeamPackage(c, emu);
    const rules = [
      { route: 'api:addFile', rate: 0.5, action: { kind: 'throttle', retryAfterSeconds: 7 } },
    ];
    const put = await setFaults({ seed: 42, rules });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ seed: 42, rules });
    const run1 = await addFileStatuses(id, token, 24);
    await setFaults({ seed: 42, rules });
    const run2 = await addFileStatuses(id, token, 24);
    expect(run2).toEqual(run1);
    expect(run1).toContain(429);
    expect(run1).toContain(201);
    await setFaults({ seed: 43, rules });
    const run3 = await addFileStatuses(id, token, 24);
    expect(run3).not.toEqual(run1);

    const log = await c.call('GET', '/_emulator/log?plane=api&route=api:addFile');
    const throttled = log.json.entries.filter((e: any) => e.fault === 'throttle');
    const count429 = [...run1, ...run2, ...run3].filter((s) => s === 429).length;
    expect(throttled.length).toBe(count429);
    expect(throttled.every((e: any) => e.status === 429)).toBe(true);
    await c.call('DELETE', '/_emulator/faults');
  });

  it('answers an injected 503 a limited number of times, on matching routes only', async () => {
    emu.faults.update({
      rules: [
        { route: 'api:createPackage', rate: 1, count: 1, action: { kind: 'status', status: 503 } },
      ],
    });
    const r1 = await c.call('POST', `/v1/teams/${emu.demo.teamId}/packages`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
      json: { name: 'x' },
    });
    expect(r1.status).toBe(503);
    expect(r1.json).toEqual({ code: 503, message: 'injected fault' });
    const spec = await c.call('GET', '/v1/system/packages/spec');
    expect(spec.status).toBe(200);
    const r2 = await c.call('POST', `/v1/teams/${emu.demo.teamId}/packages`, {
      headers: { 'X-API-KEY': emu.demo.apiKey },
      json: { name: 'x' },
    });
    expect(r2.status).toBe(201);
    emu.faults.clear();
  });

  it('a reset after the work is done loses the answer; the identical finalize repeat succeeds', async () => {
    const { id, token } = await createTeamPackage(c, emu);
    const data = Buffer.from('lost response');
    const up = await uploadParts(c, id, token, { name: 'r.txt', data, partSize: 5 * 1024 * 1024 });
    await setFaults({
      rules: [
        { route: 'api:finalizeFile', rate: 1, count: 1, action: { kind: 'reset', afterBytes: 0 } },
      ],
    });
    const path = `/v1/packages/${id}/files/${up.fileId}/finalize`;
    await expect(
      c.call('POST', path, { headers: tokenHeader(token), json: finalizeBody(up, data.length) }),
    ).rejects.toThrow();
    const again = await c.call('POST', path, {
      headers: tokenHeader(token),
      json: finalizeBody(up, data.length),
    });
    expect(again.status).toBe(200);
    expect(again.json.state).toBe('finalized');
    await c.call('DELETE', '/_emulator/faults');
  });

  it('validates fault configs and resets the log', async () => {
    const bad = await setFaults({
      rules: [
        { route: 'api:addFile', rate: 2, action: { kind: 'throttle', retryAfterSeconds: 1 } },
      ],
    });
    expect(bad.status).toBe(400);
    const badKind = await setFaults({
      rules: [{ route: '*', rate: 1, action: { kind: 'explode' } }],
    });
    expect(badKind.status).toBe(400);
    const both = await setFaults({
      rules: [{ route: '*', rate: 1, every: 2, action: { kind: 'expire' } }],
    });
    expect(both.status).toBe(400);
    const neither = await setFaults({ rules: [{ route: '*', action: { kind: 'expire' } }] });
    expect(neither.status).toBe(400);
    expect((await c.call('GET', '/_emulator/faults')).json.rules).toEqual([]);
    expect((await c.call('POST', '/_emulator/reset-log')).status).toBe(204);
    const log = await c.call('GET', '/_emulator/log');
    expect(log.json.entries).toEqual([]);
  });
});
