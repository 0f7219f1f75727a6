// Both planes over HTTPS with the CA generated in the data folder.
import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../types';
import {
  createTeamPackage,
  sha256,
  startTestEmulator,
  TestClient,
  tokenHeader,
  uploadFile,
} from './test-helpers';

describe('API over TLS', () => {
  let emu: Emulator;
  let agent: Agent;

  beforeAll(async () => {
    emu = await startTestEmulator({ tls: true });
    agent = new Agent({ connect: { ca: emu.caCertPem } });
  });
  afterAll(async () => {
    await agent.close();
    await emu.close();
  });

  it('serves https URLs signed by the data folder CA', async () => {
    expect(emu.apiUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.storageUrl).toMatch(/^https:/);
    expect(emu.demo.linkUrl.startsWith(`${emu.apiUrl}/`)).toBe(true);
    expect(readFileSync(emu.caCertPath!, 'utf8')).toBe(emu.caCertPem);
    // Without the CA the certificate is not trusted.
    await expect(fetch(`${emu.apiUrl}/v1/system/packages/spec`)).rejects.toThrow();
  });

  it('runs an upload and a link download end to end', async () => {
    const c = new TestClient(emu.apiUrl, agent);
    const { id, token } = await createTeamPackage(c, emu);
    const data = Buffer.from('over tls '.repeat(1000));
    const up = await uploadFile(c, id, token, { name: 'tls.txt', data, partSize: 5 * 1024 * 1024 });
    expect(
      (await c.call('POST', `/v1/packages/${id}/finalize`, { headers: tokenHeader(token) })).status,
    ).toBe(200);
    const link = await c.call('POST', `/v1/packages/${id}/links`, {
      headers: tokenHeader(token),
      json: { email: '' },
    });
    const open = await c.call(
      'GET',
      `/v1/links/${link.json.id}?secret=${link.json.download_secret}`,
    );
    const dl = await c.call('GET', `/v1/packages/${id}/files/${up.fileId}/download`, {
      headers: tokenHeader(open.json.package_token),
    });
    expect(dl.json.url).toMatch(/^https:/);
    const bytes = await c.getBytes(dl.json.url);
    expect(sha256(bytes.body)).toBe(sha256(data));
  });
});
