import { request as httpsRequest } from 'node:https';
import { rm } from 'node:fs/promises';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTls } from '../tls';
import type { TlsMaterial } from '../tls';
import { randomBuffer, sha256, startTestStorage, tempDir } from './helpers';
import type { TestStorage } from './helpers';

describe('TLS with the generated CA', () => {
  let dataDir: string;
  let tls: TlsMaterial;
  let s: TestStorage;
  beforeAll(async () => {
    dataDir = await tempDir('tls-test-');
    tls = await ensureTls(dataDir);
    s = await startTestStorage({ dataDir, tls });
  });
  afterAll(async () => {
    await s.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reuses the same CA and certificate on the next start', async () => {
    const again = await ensureTls(dataDir);
    expect(again).toEqual(tls);
    expect(tls.caCertPath.startsWith(dataDir)).toBe(true);
  });

  it('is trusted by undici with the CA and moves bytes over https', async () => {
    expect(s.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const data = randomBuffer(300_000);
    await s.server.backend.putObject('tls/obj', data);
    const agent = new Agent({ connect: { ca: tls.caCertPem } });
    const res = await request(s.server.backend.presignGetObject('tls/obj').url, {
      dispatcher: agent,
    });
    expect(res.statusCode).toBe(200);
    expect(sha256(Buffer.from(await res.body.arrayBuffer()))).toBe(sha256(data));
    await agent.close();
  });

  it('is trusted by node:https for localhost with the CA', async () => {
    const url = s.server.backend.presignGetObject('tls/obj').url.replace('127.0.0.1', 'localhost');
    const status = await new Promise<number>((resolve, reject) => {
      httpsRequest(url, { ca: tls.caCertPem }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    // The URL was signed for 127.0.0.1, so storage refuses it — but only after TLS succeeded.
    expect(status).toBe(403);
  });

  it('is rejected without the CA', async () => {
    const agent = new Agent();
    await expect(
      request(s.server.backend.presignGetObject('tls/obj').url, { dispatcher: agent }),
    ).rejects.toThrow(/self[- ]signed|unable to (get|verify)|certificate/i);
    await agent.close();
    const err = await new Promise<Error>((resolve) => {
      httpsRequest(s.server.url, (res) => res.resume())
        .on('error', resolve)
        .end();
    });
    expect(err.message).toMatch(/self[- ]signed|unable to (get|verify)|certificate/i);
  });
});
