import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  IpcError,
  createPublisher,
  registerHandlers,
  type Handlers,
  type SenderInfo,
} from '../../../electron/ipc/handler-registry';
import {
  WS_CLOSE,
  startWsTransport,
  type WsServerMessage,
  type WsTransportServer,
} from '../../../electron/ipc/ws-transport';
import { fakeHandlers, readyAnswer, sampleTransfer } from '../../fakes/fake-handlers';

const ORIGIN = 'http://127.0.0.1:5999';
const PAGE = `${ORIGIN}/index.html`;

const snapshot = sampleTransfer;

function handlers(seen: string[]): Handlers {
  const ok = { done: true as const };
  return fakeHandlers({
    'app:ready': () => readyAnswer,
    'transfers:list': () => (seen.push('list'), [snapshot]),
    'transfers:pause': ({ id }) => (seen.push(`pause ${id}`), ok),
    'transfers:resume': () => ok,
    'transfers:cancel': () => ok,
    'transfers:pause-all': () => ok,
    'transfers:resume-all': () => ok,
    'links:parse': () => {
      throw new IpcError('bad-link', 'That is not a MASV link.');
    },
    'downloads:start': () => ({ id: 'd1' }),
  });
}

let server: WsTransportServer | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await server?.close();
  server = undefined;
});

async function start(extra: { authTimeoutMs?: number; onDisconnect?: () => void } = {}) {
  const seen: string[] = [];
  const senders: SenderInfo[] = [];
  server = await startWsTransport({ allowedOrigins: [ORIGIN], ...extra });
  registerHandlers(server.transport, handlers(seen), {
    isTrustedSender: (s) => (senders.push(s), s.url.startsWith(`${ORIGIN}/`)),
  });
  return { server, seen, senders, publish: createPublisher(server.transport) };
}

/** A client that records every message and its close code. */
function connect(url: string, origin: string | undefined) {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
  sockets.push(ws);
  const messages: WsServerMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d: Buffer) => {
    messages.push(JSON.parse(d.toString('utf8')) as WsServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const refused = new Promise<number>((resolve) =>
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
  );
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  const send = (m: unknown) => ws.send(JSON.stringify(m));
  async function next<T extends WsServerMessage['t']>(
    t: T,
  ): Promise<Extract<WsServerMessage, { t: T }>> {
    for (let i = 0; i < 50; i++) {
      const found = messages.find((m) => m.t === t);
      if (found) {
        messages.splice(messages.indexOf(found), 1);
        return found as Extract<WsServerMessage, { t: T }>;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    throw new Error(`no ${t} message`);
  }
  return { ws, opened, closed, refused, send, next };
}

async function authed(s: WsTransportServer, page = `${PAGE}#token=secret-part`) {
  const c = connect(s.url, ORIGIN);
  await c.opened;
  c.send({ t: 'hello', token: s.issueToken(), url: page });
  await c.next('welcome');
  return c;
}

describe('startWsTransport', () => {
  it('listens on loopback and serves invokes by id through the registry', async () => {
    const { server, seen, senders } = await start();
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const c = await authed(server);
    c.send({ t: 'invoke', id: 7, channel: 'transfers:pause', input: { id: 'abc' } });
    expect(await c.next('result')).toEqual({
      t: 'result',
      id: 7,
      result: { ok: true, value: { done: true } },
    });
    c.send({ t: 'invoke', id: 8, channel: 'links:parse', input: { text: 'nope' } });
    expect(await c.next('result')).toEqual({
      t: 'result',
      id: 8,
      result: { ok: false, error: { code: 'bad-link', message: 'That is not a MASV link.' } },
    });
    expect(seen).toEqual(['pause abc']);
    // The fragment (where the page got its token) never becomes part of the sender's URL.
    expect(senders.map((s) => s.url)).toEqual([PAGE, PAGE]);
  });

  it('pushes to the authenticated client', async () => {
    const { server, publish } = await start();
    const c = await authed(server);
    publish('transfers:transfer-changed', { type: 'state', snapshot });
    expect(await c.next('push')).toEqual({
      t: 'push',
      channel: 'transfers:transfer-changed',
      payload: { type: 'state', snapshot },
    });
  });

  it('pushes nothing to a client that has not presented its token', async () => {
    const { server, publish } = await start();
    const waiting = connect(server.url, ORIGIN);
    await waiting.opened;
    const c = await authed(server);
    publish('transfers:transfer-changed', { type: 'state', snapshot });
    await c.next('push');
    // The authenticated client got the push; the other one has received nothing at all.
    waiting.send({ t: 'hello', token: server.issueToken(), url: PAGE });
    expect((await waiting.next('welcome')).t).toBe('welcome');
    publish('transfers:transfer-changed', { type: 'state', snapshot: { ...snapshot, seq: 4 } });
    expect(await waiting.next('push')).toMatchObject({ payload: { snapshot: { seq: 4 } } });
  });

  it('refuses the handshake from a foreign origin or without one', async () => {
    const { server, seen } = await start();
    const foreign = connect(server.url, 'http://127.0.0.1:6000');
    expect(await foreign.refused).toBe(403);
    const none = connect(server.url, undefined);
    expect(await none.refused).toBe(403);
    expect(seen).toEqual([]);
  });

  it('closes on a wrong token, and a token works only once', async () => {
    const { server, seen } = await start();
    const wrong = connect(server.url, ORIGIN);
    await wrong.opened;
    wrong.send({ t: 'hello', token: 'guess', url: PAGE });
    wrong.send({ t: 'invoke', id: 1, channel: 'transfers:list' });
    expect(await wrong.closed).toBe(WS_CLOSE.badToken);

    const token = server.issueToken();
    const first = connect(server.url, ORIGIN);
    await first.opened;
    first.send({ t: 'hello', token, url: PAGE });
    await first.next('welcome');
    const replay = connect(server.url, ORIGIN);
    await replay.opened;
    replay.send({ t: 'hello', token, url: PAGE });
    expect(await replay.closed).toBe(WS_CLOSE.badToken);
    expect(seen).toEqual([]);
  });

  it('requires hello first and a page URL on the connecting origin', async () => {
    const { server, seen } = await start();
    const early = connect(server.url, ORIGIN);
    await early.opened;
    early.send({ t: 'invoke', id: 1, channel: 'transfers:list' });
    expect(await early.closed).toBe(WS_CLOSE.protocol);

    const liar = connect(server.url, ORIGIN);
    await liar.opened;
    liar.send({ t: 'hello', token: server.issueToken(), url: 'http://127.0.0.1:6000/index.html' });
    expect(await liar.closed).toBe(WS_CLOSE.badUrl);

    const garbage = connect(server.url, ORIGIN);
    await garbage.opened;
    garbage.ws.send('{not json');
    expect(await garbage.closed).toBe(WS_CLOSE.protocol);
    expect(seen).toEqual([]);
  });

  it('drops a client that never says hello', async () => {
    const { server } = await start({ authTimeoutMs: 50 });
    const idle = connect(server.url, ORIGIN);
    expect(await idle.closed).toBe(WS_CLOSE.authTimeout);
  });

  it('answers unknown channels with an error envelope', async () => {
    const { server } = await start();
    const c = await authed(server);
    c.send({ t: 'invoke', id: 3, channel: 'shell:exec', input: 'rm -rf /' });
    const r = await c.next('result');
    expect(r.result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('keeps one window: a newer client replaces the older, and its close is reported', async () => {
    let disconnects = 0;
    const { server, publish } = await start({ onDisconnect: () => void disconnects++ });
    const a = await authed(server);
    const b = await authed(server);
    expect(await a.closed).toBe(WS_CLOSE.replaced);
    expect(disconnects).toBe(0);
    publish('links:link-opened', {
      token: 't',
      preview: { linkId: 'L', host: 'h', production: false },
    });
    expect((await b.next('push')).channel).toBe('links:link-opened');
    b.ws.close();
    await b.closed;
    for (let i = 0; i < 50 && disconnects === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(disconnects).toBe(1);
  });
});
