// Browser side of the preview's transport (also what the end-to-end tests use): defines
// `window.bridge` with the same shape and allowlist as electron/preload.ts, over the loopback
// WebSocket of electron/ipc/ws-transport.ts. The preview server bundles it (esbuild, IIFE) and
// serves it as a same-origin script that runs before the app's module script, so the page's CSP
// (`script-src 'self'`) stays as strict as in the app. Never part of the packaged app.
//
// The page is opened as `index.html#bridge=<ws url>&token=<one-time token>`.
import { ALL_INVOKE_CHANNELS, ALL_PUSH_CHANNELS } from '../../shared/ipc/channels';
import type { WsClientMessage, WsServerMessage } from '../../shared/ipc/ws-protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const params = new URLSearchParams(location.hash.slice(1));
const wsUrl = params.get('bridge') ?? '';
const token = params.get('token') ?? '';
// The token is spent on the first hello; keep it out of the address bar and history.
history.replaceState(null, '', location.pathname + location.search);

const pending = new Map<number, Pending>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const outbox: string[] = [];
let welcomed = false;
let closedWith: Error | undefined;
let nextId = 1;

// Without an address (say, a reload after the fragment was dropped) every call fails clearly.
const socket = new WebSocket(wsUrl.startsWith('ws://127.0.0.1:') ? wsUrl : 'ws://127.0.0.1:9/');

function post(msg: WsClientMessage): void {
  const text = JSON.stringify(msg);
  if (welcomed) socket.send(text);
  else outbox.push(text);
}

socket.addEventListener('open', () => {
  socket.send(JSON.stringify({ t: 'hello', token, url: location.href } satisfies WsClientMessage));
});

socket.addEventListener('message', (event: MessageEvent<string>) => {
  const msg = JSON.parse(event.data) as WsServerMessage;
  switch (msg.t) {
    case 'welcome':
      welcomed = true;
      for (const text of outbox.splice(0)) socket.send(text);
      break;
    case 'result':
      pending.get(msg.id)?.resolve(msg.result);
      pending.delete(msg.id);
      break;
    case 'push':
      for (const l of listeners.get(msg.channel) ?? []) l(msg.payload);
      break;
    default:
      msg satisfies never;
  }
});

socket.addEventListener('close', (event) => {
  // 403 at the handshake surfaces as 1006; a refused token or URL as 44xx.
  closedWith = new Error(`The app connection was refused or closed (code ${event.code}).`);
  for (const p of pending.values()) p.reject(closedWith);
  pending.clear();
  outbox.length = 0;
});

const bridge = {
  invoke(channel: string, input?: unknown): Promise<unknown> {
    if (!ALL_INVOKE_CHANNELS.includes(channel))
      return Promise.reject(new Error(`unknown channel ${channel}`));
    if (closedWith) return Promise.reject(closedWith);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      post({ t: 'invoke', id, channel, input });
    });
  },
  on(channel: string, listener: (payload: unknown) => void): () => void {
    if (!ALL_PUSH_CHANNELS.includes(channel)) throw new Error(`unknown channel ${channel}`);
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  },
  // A page in a browser cannot learn where a dropped file lives; the window says so.
  pathForFile(_file: File): string {
    return '';
  },
};

// Like contextBridge.exposeInMainWorld: the page can use the bridge but not replace it.
Object.defineProperty(window, 'bridge', {
  value: Object.freeze(bridge),
  writable: false,
  configurable: false,
});
