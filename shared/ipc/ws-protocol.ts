// Frames of the loopback WebSocket transport that the browser preview and the end-to-end tests
// use instead of Electron's IPC (electron/ipc/ws-transport.ts serves it, renderer/preview/
// bridge-shim.ts speaks it). Types only, so both sides agree without sharing code.

/** Messages a client sends. `hello` must come first and only once. */
export type WsClientMessage =
  | { t: 'hello'; token: string; url: string }
  | { t: 'invoke'; id: number; channel: string; input?: unknown };

/** Messages the server sends: `welcome` after a good hello, then results and pushes. */
export type WsServerMessage =
  | { t: 'welcome' }
  | { t: 'result'; id: number; result: unknown }
  | { t: 'push'; channel: string; payload: unknown };
