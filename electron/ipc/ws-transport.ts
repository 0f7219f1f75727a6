// A loopback WebSocket IpcTransport, for end-to-end tests only: the built renderer runs in a real
// browser (no Electron binary can run on CI machines) and reaches the same handler registry,
// validation and sender checks the app serves over ipcMain. The app itself never starts this.
//
// Security mirrors what Electron gives the preload for free: only 127.0.0.1, only pages from the
// allowed origins (checked at the handshake, before any frame is read), and only a client that
// first presents a one-time random token. The page URL a client declares becomes SenderInfo.url
// only after the token check, and it must belong to the origin the browser reported.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { WsClientMessage, WsServerMessage } from '../../shared/ipc/ws-protocol';
import type { IpcTransport, SenderInfo } from './handler-registry';

export type { WsClientMessage, WsServerMessage } from '../../shared/ipc/ws-protocol';

/** Close codes in the application range (4000–4999) so the shim can tell the user why. */
export const WS_CLOSE = {
  replaced: 4000,
  protocol: 4400,
  badToken: 4401,
  badUrl: 4403,
  authTimeout: 4408,
} as const;

export interface WsTransportOptions {
  /** Exact origins (`http://127.0.0.1:5173`) whose pages may connect. */
  allowedOrigins: readonly string[];
  /** A client that has not said hello by then is dropped. Default 5 s. */
  authTimeoutMs?: number;
  /** The authenticated client went away (the "window" closed). */
  onDisconnect?: () => void;
  log?: (message: string) => void;
}

export interface WsTransportServer {
  transport: IpcTransport;
  /** `ws://127.0.0.1:<port>`: also the origin to add to the page's CSP connect-src. */
  url: string;
  /** A fresh one-time token; each authenticates at most one connection. */
  issueToken: () => string;
  close: () => Promise<void>;
}

/** Frames are JSON IPC calls; nothing legitimate comes near this. */
const MAX_PAYLOAD = 1024 * 1024;

type Handler = (sender: SenderInfo, raw: unknown) => Promise<unknown>;

export async function startWsTransport(opts: WsTransportOptions): Promise<WsTransportServer> {
  const handlers = new Map<string, Handler>();
  const tokens = new Set<string>();
  const log = opts.log ?? (() => undefined);
  let current: WebSocket | undefined;

  const http = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket only');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const origin = req.headers.origin ?? '';
    // A foreign page, or a rebinding attack with another Host, never gets a socket at all.
    if (req.headers.host !== host || !opts.allowedOrigins.includes(origin)) {
      log(`refused a connection from origin ${JSON.stringify(origin)}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, origin));
  });

  function accept(ws: WebSocket, origin: string): void {
    let sender: SenderInfo | undefined;
    const timer = setTimeout(
      () => ws.close(WS_CLOSE.authTimeout, 'no hello'),
      opts.authTimeoutMs ?? 5000,
    );
    ws.on('close', () => {
      clearTimeout(timer);
      if (current === ws) {
        current = undefined;
        opts.onDisconnect?.();
      }
    });
    ws.on('message', (data: RawData) => {
      const msg = parseClientMessage(data);
      if (!msg) return ws.close(WS_CLOSE.protocol, 'bad message');
      if (!sender) {
        if (msg.t !== 'hello') return ws.close(WS_CLOSE.protocol, 'hello first');
        if (!tokens.delete(msg.token)) return ws.close(WS_CLOSE.badToken, 'bad token');
        const url = pageUrl(msg.url, origin);
        if (url === undefined) return ws.close(WS_CLOSE.badUrl, 'url not on origin');
        clearTimeout(timer);
        sender = { url };
        // One window at a time, like the app: a newer page replaces the previous one.
        if (current && current !== ws) current.close(WS_CLOSE.replaced, 'replaced');
        current = ws;
        return reply(ws, { t: 'welcome' });
      }
      if (msg.t !== 'invoke') return ws.close(WS_CLOSE.protocol, 'hello twice');
      void invoke(ws, sender, msg);
    });
  }

  async function invoke(
    ws: WebSocket,
    sender: SenderInfo,
    msg: { id: number; channel: string; input?: unknown },
  ) {
    const fn = handlers.get(msg.channel);
    let result: unknown;
    if (!fn) {
      result = {
        ok: false,
        error: { code: 'unknown-channel', message: `No channel ${msg.channel}.` },
      };
    } else {
      try {
        result = await fn(sender, msg.input);
      } catch (error) {
        log(`handler for ${msg.channel} threw: ${String(error)}`);
        result = {
          ok: false,
          error: { code: 'internal', message: 'Something went wrong in the app; see the log.' },
        };
      }
    }
    reply(ws, { t: 'result', id: msg.id, result });
  }

  const transport: IpcTransport = {
    handle(channel, fn) {
      handlers.set(channel, fn);
    },
    send(channel, payload) {
      if (current) reply(current, { t: 'push', channel, payload });
    },
  };

  return {
    transport,
    url: `ws://${host}`,
    issueToken() {
      const token = randomBytes(32).toString('base64url');
      tokens.add(token);
      return token;
    },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}

function reply(ws: WebSocket, msg: WsServerMessage): void {
  // A client that went away mid-call simply misses its answer, as a closed window would.
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

/** The declared page URL without its fragment (where the token travels), if it is on `origin`. */
function pageUrl(declared: string, origin: string): string | undefined {
  try {
    const url = new URL(declared);
    if (url.origin !== origin) return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

export function parseClientMessage(data: RawData): WsClientMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawText(data));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.t === 'hello' && typeof m.token === 'string' && typeof m.url === 'string') {
    return { t: 'hello', token: m.token, url: m.url };
  }
  if (m.t === 'invoke' && Number.isSafeInteger(m.id) && typeof m.channel === 'string') {
    return { t: 'invoke', id: m.id as number, channel: m.channel, input: m.input };
  }
  return undefined;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
