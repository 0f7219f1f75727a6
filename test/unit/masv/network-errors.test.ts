// Each way a connection fails is told apart in the message, which names the server's origin (and
// never a path or query). Real failures on loopback where one can be made here; DNS answers
// cannot be produced without contacting a resolver, so those use the error undici would throw.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MasvClient } from '../../../electron/masv/client';
import { ApiLog, createDispatcher, mapNetworkError } from '../../../electron/masv/http';
import type { DispatcherOptions } from '../../../electron/masv/http';
import { ensureTls } from '../../emulator/tls';

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function listen(s: Server): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/** A port the OS just handed out and that nothing listens on any more. */
async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  servers.splice(servers.indexOf(s), 1);
  return port;
}

async function failure(baseUrl: string, opts: DispatcherOptions = {}): Promise<unknown> {
  const dispatcher = createDispatcher(opts);
  const c = new MasvClient({ baseUrl, dispatcher, log: new ApiLog(), retry: false });
  try {
    await c.getSpec();
    return undefined;
  } catch (e) {
    return e;
  } finally {
    await dispatcher.close();
  }
}

describe('network failures in user words', () => {
  it('a refused connection names the server and asks whether it runs', async () => {
    const port = await closedPort();
    expect(await failure(`http://127.0.0.1:${port}`)).toMatchObject({
      code: 'network',
      retryable: true,
      message: `could not connect to http://127.0.0.1:${port}: the connection was refused (is the server running, and is the address right?)`,
    });
  });

  it('a server that never answers is a timeout naming it', async () => {
    const port = await listen(createServer(() => undefined));
    expect(await failure(`http://127.0.0.1:${port}`, { headersTimeoutMs: 200 })).toMatchObject({
      code: 'timeout',
      message: `http://127.0.0.1:${port} did not answer in time`,
    });
  });

  it('a connection cut before the answer says so', async () => {
    const port = await listen(createServer((req) => req.socket.destroy()));
    const e = await failure(`http://127.0.0.1:${port}`);
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect((e as Error).message).toMatch(
      new RegExp(`^the connection to http://127\\.0\\.0\\.1:${port} was cut \\(`),
    );
  });

  it('an untrusted certificate and one for another host are TLS failures, not retried', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masv-tls-'));
    dirs.push(dir);
    const ok = await ensureTls(join(dir, 'a'));
    const port = await listen(
      createTlsServer({ cert: ok.certPem, key: ok.keyPem }, (_q, res) => res.end('{}')),
    );
    expect(await failure(`https://127.0.0.1:${port}`)).toMatchObject({
      code: 'network',
      retryable: false,
      message: `could not connect securely to https://127.0.0.1:${port}: the server's certificate is not trusted (self-signed or from an unknown authority)`,
    });

    const other = await ensureTls(join(dir, 'b'), ['other.example']);
    const port2 = await listen(
      createTlsServer({ cert: other.certPem, key: other.keyPem }, (_q, res) => res.end('{}')),
    );
    expect(await failure(`https://127.0.0.1:${port2}`, { ca: other.caCertPem })).toMatchObject({
      code: 'network',
      retryable: false,
      message: `could not connect securely to https://127.0.0.1:${port2}: the server's certificate is for another host name`,
    });
  });

  it('DNS failures name the host, including the default server, and never a query', () => {
    const dns = (code: string): Error =>
      Object.assign(new Error(`getaddrinfo ${code} api.massive.app`), { code });
    const url = 'https://api.massive.app/v1/links/L1?secret=s3cret';
    const notFound = mapNetworkError(dns('ENOTFOUND'), undefined, url);
    expect(notFound.message).toBe(
      'could not connect to https://api.massive.app: the host name api.massive.app was not found (DNS; check the address or the network)',
    );
    const again = mapNetworkError(dns('EAI_AGAIN'), undefined, url);
    expect(again.message).toBe(
      'could not connect to https://api.massive.app: looking up api.massive.app failed for now (DNS; check the network)',
    );
    for (const e of [notFound, again]) {
      expect(e.code).toBe('network');
      expect(e.retryable).toBe(true);
      expect(e.message).not.toContain('s3cret');
    }
  });

  it('a connect timeout wrapped by undici is read from its cause', () => {
    const wrapped = Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
    });
    expect(mapNetworkError(wrapped, undefined, 'https://10.0.0.1:443/x')).toMatchObject({
      code: 'timeout',
      message: 'could not connect to https://10.0.0.1: the connection timed out',
    });
  });
});
