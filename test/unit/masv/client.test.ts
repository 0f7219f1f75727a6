// Fakes here are async only to match the interfaces they stand in for.
/* eslint-disable @typescript-eslint/require-await */
// The client against a scripted HTTP server on loopback: tolerant parsing of the UNCONFIRMED
// alternatives, errors in user words, retries, and a log that never shows secrets.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiLog, createDispatcher } from '../../../electron/masv/http';
import { MasvClient } from '../../../electron/masv/client';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] =
  [];
let server: Server;
let base: string;
const dispatcher = createDispatcher();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await dispatcher.close();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
});

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function client(opts: { retry?: boolean; apiKey?: string } = {}): { c: MasvClient; log: ApiLog } {
  const log = new ApiLog();
  const c = new MasvClient({
    baseUrl: base,
    dispatcher,
    log,
    credentials: { apiKey: opts.apiKey ?? 'the-secret-api-key' },
    retry: opts.retry ? { maxAttempts: 3, sleep: async () => undefined, random: () => 0 } : false,
  });
  return { c, log };
}

describe('MasvClient', () => {
  it('sends the API key header and maps a team package (accepting 200 or 201)', async () => {
    handler = (_q, _b, res) =>
      json(res, 200, {
        id: 'P1',
        access_token: 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0',
        name: 'n',
        state: 'new',
        extra: 1,
      });
    const { c, log } = client();
    const p = await c.createTeamPackage('T1', {
      name: 'n',
      recipients: ['a@b.c'],
      password: 'pkg-password-1',
    });
    expect(p).toEqual({
      id: 'P1',
      accessToken: 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0',
      name: 'n',
      state: 'new',
    });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/teams/T1/packages' });
    expect(seen[0]!.headers['x-api-key']).toBe('the-secret-api-key');
    expect(JSON.parse(seen[0]!.body)).toEqual({
      name: 'n',
      description: '',
      recipients: ['a@b.c'],
      password: 'pkg-password-1',
    });
    expect(log.entries()).toMatchObject([
      {
        plane: 'api',
        method: 'POST',
        path: `${base}/v1/teams/T1/packages`,
        status: 200,
        retries: 0,
      },
    ]);
  });

  it('reads limits under either spelling and the camelCase blueprint', async () => {
    handler = (_q, _b, res) =>
      json(res, 201, {
        file: { id: 'F1', name: 'a' },
        createBlueprint: { method: 'post', url: 'http://s/k?uploads', headers: { 'x-a': 1 } },
        max_chunks_count: 77,
        min_chunk_size: 5,
      });
    const { c } = client();
    const added = await c.addFile('P', 'tok', {
      name: 'a',
      path: 'd',
      lastModified: new Date(0),
      size: 3,
      chunkSize: 5,
    });
    expect(added).toEqual({
      fileId: 'F1',
      createBlueprint: { method: 'POST', url: 'http://s/k?uploads', headers: { 'x-a': '1' } },
      limits: { maxChunkCount: 77, minChunkSize: 5 },
    });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      kind: 'file',
      name: 'a',
      path: 'd',
      last_modified: '1970-01-01T00:00:00.000Z',
      size: 3,
      chunk_size: 5,
    });
  });

  it('sends chunk URL ranges and finalize bodies in the documented shape', async () => {
    handler = (req, _b, res) => {
      if (req.url?.includes('/finalize')) return json(res, 200, undefined);
      json(res, 200, [
        { method: 'PUT', url: 'http://s/1' },
        { method: 'PUT', url: 'http://s/2' },
      ]);
    };
    const { c } = client();
    const bps = await c.getPartUrls('P', 'tok', 'F', 'U', 4, 2);
    expect(bps.map((b) => b.url)).toEqual(['http://s/1', 'http://s/2']);
    expect(seen[0]!.url).toBe('/v1/packages/P/files/F?start=4&count=2');
    expect(JSON.parse(seen[0]!.body)).toEqual({ upload_id: 'U' });
    await c.finalizeFile('P', 'tok', 'F', {
      uploadId: 'U',
      size: 9,
      chunkSize: 5,
      parts: [
        { partNumber: 2, etag: '"b"' },
        { partNumber: 1, etag: '"a"' },
      ],
    });
    expect(JSON.parse(seen[1]!.body)).toEqual({
      chunk_extras: [
        { partNumber: '1', etag: '"a"' },
        { partNumber: '2', etag: '"b"' },
      ],
      file_extras: { upload_id: 'U' },
      size: 9,
      chunk_size: 5,
    });
    // Empty finalize body (UNCONFIRMED) is success; no body is sent when size is not given.
    await c.finalizePackage('P', 'tok');
    expect(seen[2]!.body).toBe('');
    expect(seen[2]!.headers['x-package-token']).toBe('tok');
    // The JSON type on every POST, body or not, as the guide's curl sends it.
    expect(seen.map((s) => [s.method, s.headers['content-type']])).toEqual([
      ['POST', 'application/json'],
      ['POST', 'application/json'],
      ['POST', 'application/json'],
    ]);
  });

  it('complains when the server returns the wrong number of part URLs', async () => {
    handler = (_q, _b, res) => json(res, 200, [{ url: 'http://s/1' }]);
    await expect(client().c.getPartUrls('P', 't', 'F', 'U', 0, 2)).rejects.toMatchObject({
      code: 'invalid-response',
    });
  });

  it.each([
    [401, 'user', 'auth-rejected', 'the API key was rejected'],
    [403, 'user', 'forbidden', 'MASV refused this action for these credentials'],
    [
      404,
      'user',
      'not-found',
      'MASV could not find that item (it may have been deleted or expired)',
    ],
    [409, 'user', 'conflict', 'MASV refused: package is locked'],
    [400, 'user', 'bad-request', 'MASV rejected the request: package is locked'],
    [401, 'portal', 'access-code-required', 'the portal needs an access code'],
    [404, 'portal', 'portal-not-found', 'there is no portal with that name'],
    [403, 'portal', 'portal-inactive', 'the portal is not accepting uploads'],
    [401, 'link', 'password-required', 'this link needs a password'],
    [404, 'link', 'link-unavailable', 'this link does not exist (check the address)'],
    [
      403,
      'link',
      'link-unavailable',
      'this link is no longer available (disabled, expired or out of downloads)',
    ],
  ] as const)(
    'HTTP %i on a %s call -> %s in user words, detail kept for logs',
    async (status, ctx, code, message) => {
      handler = (_q, _b, res) => json(res, status, { code: 123, message: 'package is locked' });
      const { c } = client();
      const call =
        ctx === 'user'
          ? c.listTeams()
          : ctx === 'portal'
            ? c.createPortalPackage('PID', { name: 'n', sender: 's' })
            : c.openLink('L', 'link-secret-value');
      const err = await call.catch((e: unknown) => e);
      expect(err).toMatchObject({ code, message, status });
      expect((err as { detail: string }).detail).toContain(`-> ${status}: package is locked`);
    },
  );

  it('a wrong link password is told apart from a missing one', async () => {
    handler = (_q, _b, res) => json(res, 401, { code: 1, message: 'invalid password' });
    await expect(client().c.openLink('L', 'sekrit-1', 'guess-pw')).rejects.toMatchObject({
      code: 'password-invalid',
      message: 'the password is wrong',
    });
    expect(seen[0]!.headers['x-link-password']).toBe('guess-pw');
  });

  it('retries 429 (honouring Retry-After) and 5xx, then succeeds; the log counts retries', async () => {
    let n = 0;
    handler = (_q, _b, res) => {
      n++;
      if (n === 1) return json(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
      if (n === 2) return json(res, 503, { message: 'busy' });
      json(res, 200, [{ id: 'T', name: 'Team' }]);
    };
    const { c, log } = client({ retry: true });
    expect(await c.listTeams()).toEqual([{ id: 'T', name: 'Team' }]);
    expect(log.entries().map((e) => [e.status, e.retries])).toEqual([
      [429, 0],
      [503, 1],
      [200, 2],
    ]);
  });

  it('does not retry a rejected key', async () => {
    handler = (_q, _b, res) => json(res, 401, { message: 'bad key' });
    await expect(client({ retry: true }).c.listTeams()).rejects.toMatchObject({
      code: 'auth-rejected',
    });
    expect(seen).toHaveLength(1);
  });

  it('accepts the team list as an array or wrapped', async () => {
    handler = (_q, _b, res) => json(res, 200, { teams: [{ id: 'A', name: 'x', subdomain: null }] });
    expect(await client().c.listTeams()).toEqual([{ id: 'A', name: 'x' }]);
  });

  it('maps a dead server to a network error', async () => {
    const log = new ApiLog();
    const c = new MasvClient({ baseUrl: 'http://127.0.0.1:1', dispatcher, log, retry: false });
    await expect(c.getSpec()).rejects.toMatchObject({
      code: 'network',
      message:
        'could not connect to http://127.0.0.1:1: the connection was refused (is the server running, and is the address right?)',
    });
    expect(log.entries()[0]).toMatchObject({ status: null });
  });

  it('the exported log holds no API key, token, link secret or password', async () => {
    handler = (req, _b, res) => {
      if (req.url?.startsWith('/v1/links'))
        return json(res, 200, { package_id: 'P', package_token: 'tok-from-link-123456' });
      json(res, 500, { message: 'boom the-secret-api-key and tok-from-link-123456' });
    };
    const { c, log } = client();
    await c.openLink('L1', 'link-secret-abcdef', 'pw-123456');
    await c.listFiles('P', 'tok-from-link-123456').catch(() => undefined);
    await c.listTeams().catch(() => undefined);
    const dir = await mkdtemp(join(tmpdir(), 'apilog-'));
    try {
      await log.export(join(dir, 'log.jsonl'));
      const text = await readFile(join(dir, 'log.jsonl'), 'utf8');
      expect(text.trim().split('\n')).toHaveLength(3);
      for (const s of [
        'the-secret-api-key',
        'tok-from-link-123456',
        'link-secret-abcdef',
        'pw-123456',
      ])
        expect(text).not.toContain(s);
      expect(text).toContain('secret=[redacted]');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
