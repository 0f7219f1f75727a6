// Protocol surprises at the client: unexpected JSON shapes, missing fields, HTML error pages, a
// 200 with an empty body, truncated bodies and a wrong Content-Length, on the API and on
// storage. Each ends as a MasvError in user words (never a TypeError, never an HTML dump), and
// what is worth retrying is marked so.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasvClient } from '../../../electron/masv/client';
import { isMasvError } from '../../../electron/masv/errors';
import { ApiLog, createDispatcher } from '../../../electron/masv/http';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
let answer: Answer;
let server: Server;
let base: string;
const dispatcher = createDispatcher();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await dispatcher.close();
  await new Promise((r) => server.close(r));
});

const client = () =>
  new MasvClient({ baseUrl: base, dispatcher, log: new ApiLog(), credentials: { apiKey: 'k' } });

const send =
  (status: number, body: string, headers: Record<string, string> = {}): Answer =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

const HTML_502 =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';

/** The body cut short: Content-Length promises more than is sent, then the socket closes. */
const cut =
  (body: string, promised: number): Answer =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(promised) });
    res.write(body);
    setImmediate(() => res.socket?.destroy());
  };

const bp = { method: 'PUT', url: 'http://127.0.0.1:9/x', headers: {} };

const cases: [string, Answer, (c: MasvClient) => Promise<unknown>, string, boolean][] = [
  [
    'an unexpected JSON shape (object for a list)',
    send(200, '{"items":[{"id":"F"}]}'),
    (c) => c.listFiles('P', 't'),
    'invalid-response',
    false,
  ],
  [
    'a missing required field (add-file without file.id)',
    send(201, '{"file":{"name":"a"},"create_blueprint":{"url":"http://s/k"}}'),
    (c) => c.addFile('P', 't', { name: 'a', path: '', lastModified: new Date(0), size: 1 }),
    'invalid-response',
    false,
  ],
  [
    'a field of the wrong type (size as text)',
    send(200, '[{"id":"F","name":"a","size":"12"}]'),
    (c) => c.listFiles('P', 't'),
    'invalid-response',
    false,
  ],
  [
    'an HTML error page from a proxy (502)',
    send(502, HTML_502, { 'content-type': 'text/html' }),
    (c) => c.listTeams(),
    'server-error',
    true,
  ],
  [
    'an HTML page with a 400',
    send(400, HTML_502, { 'content-type': 'text/html' }),
    (c) => c.listTeams(),
    'bad-request',
    false,
  ],
  [
    'an HTML page with a 200',
    send(200, HTML_502, { 'content-type': 'text/html' }),
    (c) => c.getTeamPackage('T', 'P'),
    'invalid-response',
    false,
  ],
  [
    'a 200 with an empty body where an object is due',
    send(200, ''),
    (c) => c.createTeamPackage('T', { name: 'n' }),
    'invalid-response',
    false,
  ],
  [
    'a 200 with an empty body where a list is due',
    send(200, ''),
    (c) => c.getPartUrls('P', 't', 'F', 'U', 0, 2),
    'invalid-response',
    false,
  ],
  [
    'a truncated body (the connection closes mid-answer)',
    cut('{"package_id":"P","package_tok', 200),
    (c) => c.openLink('L', 's'),
    'network',
    true,
  ],
  [
    'a Content-Length shorter than the body (JSON cut where the length says)',
    send(200, '{"id":"P","access_token":"tok"}', { 'content-length': '12' }),
    (c) => c.createTeamPackage('T', { name: 'n' }),
    'invalid-response',
    false,
  ],
  [
    'storage: a create-multipart answer without UploadId (an HTML page)',
    send(200, HTML_502, { 'content-type': 'text/html' }),
    (c) => c.createMultipart({ ...bp, method: 'POST', url: `${base}/k?uploads` }),
    'invalid-response',
    false,
  ],
  [
    'storage: a part stored without an ETag',
    send(200, ''),
    (c) =>
      c.putPart({ ...bp, url: `${base}/k?partNumber=1` }, Readable.from([Buffer.from('ab')]), 2),
    'invalid-response',
    true,
  ],
  [
    'storage: an HTML 503 page for a part',
    send(503, HTML_502, { 'content-type': 'text/html' }),
    (c) =>
      c.putPart({ ...bp, url: `${base}/k?partNumber=1` }, Readable.from([Buffer.from('ab')]), 2),
    'server-error',
    true,
  ],
];

describe('protocol surprises', () => {
  it.each(cases)('%s → a clear MasvError', async (_what, a, call, code, retryable) => {
    answer = a;
    const err = await call(client()).catch((e: unknown) => e);
    expect(isMasvError(err), String(err)).toBe(true);
    if (!isMasvError(err)) return;
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
    // What a user reads: words, no markup, no stack, no raw JSON.
    expect(err.message).not.toMatch(/<|\{|TypeError|undefined/);
    expect(err.message.length).toBeGreaterThan(10);
  });

  it('a range answer whose Content-Length overstates the body ends in a retryable error', async () => {
    answer = (_req, res) => {
      res.writeHead(206, {
        'content-length': '1000',
        'content-range': 'bytes 0-999/5000',
        etag: '"x"',
      });
      res.write(Buffer.alloc(300, 1));
      setImmediate(() => res.socket?.destroy());
    };
    const r = await client().getObjectRange(`${base}/obj`, { start: 0, end: 999 });
    const err = await (async () => {
      for await (const chunk of r.body) void chunk;
    })().catch((e: unknown) => e);
    // The body stream itself fails; range-fetch turns it into a retry from the bytes it kept.
    expect(err).toBeInstanceOf(Error);
  });
});
