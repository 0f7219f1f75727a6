// Every invoke channel refuses input that breaks its schema, before its handler runs. The table
// must name every channel of the contract, so a new channel without a refusal case fails here.
import { describe, expect, it } from 'vitest';
import {
  registerHandlers,
  type Handlers,
  type IpcTransport,
  type SenderInfo,
} from '../../../electron/ipc/handler-registry';
import { ALL_INVOKE_CHANNELS, type InvokeChannel } from '../../../shared/ipc/channels';

const longText = 'x'.repeat(5000);

/** Inputs each channel must refuse. `undefined` is a valid input only for no-input channels. */
const BAD: Record<InvokeChannel, unknown[]> = {
  'app:ready': [{}, 'x', 1],
  'app:about': [{}],
  'app:open-external': [undefined, {}, { url: '' }, { url: 'u'.repeat(3000) }],
  'diagnostics:export': [{ path: '/etc/passwd' }],
  'account:get': [{}, null],
  'account:sign-in': [
    undefined,
    {},
    { method: 'api-key' },
    { method: 'api-key', apiKey: '' },
    { method: 'api-key', apiKey: '   ' },
    { method: 'api-key', apiKey: 'k'.repeat(2000) },
    { method: 'password', email: 'a@b.c' },
    { method: 'password', email: 'a@b.c', password: '' },
    { method: 'token', token: 'x' },
    { method: 'api-key', apiKey: 'k', serverUrl: 'h'.repeat(3000) },
  ],
  'account:sign-out': [{ everything: true }],
  'account:set-team': [undefined, {}, { teamId: '' }, { teamId: 7 }, { teamId: 't'.repeat(65) }],
  'staging:get': [{}],
  'staging:add-paths': [
    undefined,
    { paths: [] },
    { paths: [''] },
    { paths: 'x' },
    { paths: [1] },
    { paths: ['p'.repeat(5000)] },
    { paths: Array.from({ length: 1001 }, (_, i) => `/p${i}`) },
  ],
  'staging:pick': [undefined, {}, { kind: 'everything' }],
  'staging:remove': [undefined, { id: '' }, { id: 3 }],
  'staging:clear': ['all'],
  'portals:lookup': [undefined, { subdomain: '' }, { subdomain: '   ' }, { subdomain: longText }],
  'uploads:start': [
    undefined,
    { destination: {} },
    { destination: { kind: 'team', teamId: 't', name: '' } },
    { destination: { kind: 'team', teamId: 't', name: 'n', recipients: ['not-an-email'] } },
    { destination: { kind: 'portal', subdomain: 'demo', name: 'n' } },
    { destination: { kind: 'portal', subdomain: 'Bad Sub!', name: 'n', senderEmail: 'a@b.co' } },
    { destination: { kind: 'portal', subdomain: 'demo', name: 'n', senderEmail: 'nope' } },
    { destination: { kind: 'cloud', bucket: 'x' } },
  ],
  'uploads:add-files': [
    undefined,
    { id: 'x' },
    { id: '', kind: 'files' },
    { id: 'x', kind: 'disk' },
    { id: 'i'.repeat(65), kind: 'folders' },
  ],
  'uploads:add-paths': [
    undefined,
    { id: 'x' },
    { id: 'x', paths: [] },
    { id: 'x', paths: [''] },
    { id: '', paths: ['/a'] },
    { id: 'x', paths: Array.from({ length: 1001 }, (_, i) => `/p${i}`) },
  ],
  'transfers:list': [{}],
  'transfers:files': [undefined, { id: '' }, { id: 1 }],
  'transfers:pause': [undefined, { id: '' }, { id: 'x'.repeat(65) }],
  'transfers:resume': [undefined, {}],
  'transfers:retry': [undefined, { id: null }],
  'transfers:cancel': [undefined, { ids: ['a'] }],
  'transfers:finalize': [undefined, 'id'],
  'transfers:restart-changed': [undefined, { id: '' }],
  'transfers:finalize-without-failed': [undefined, { id: 5 }],
  'transfers:remove': [undefined, [{ id: 'a' }]],
  'transfers:copy-link': [undefined, { id: '' }],
  'transfers:pause-all': [{}],
  'transfers:resume-all': [{}],
  'links:parse': [undefined, {}, { text: 5 }, { text: longText }],
  'downloads:start': [
    undefined,
    { token: '' },
    { token: 't'.repeat(200) },
    { token: 't', password: 'p'.repeat(2000) },
    { linkUrl: 'https://get.massive.app/x?secret=y' },
  ],
  'links:open': [undefined, {}, { token: '' }, { token: 't', password: '' }, { link: 'https://x' }],
  'downloads:preflight': [
    undefined,
    { token: 't', fileIds: [] },
    { token: 't', fileIds: [''] },
    { token: 't', policy: 'merge' },
    { token: 't', destination: '' },
  ],
  'dialogs:pick-folder': [{ path: '/etc' }],
  'transfers:show-in-folder': [undefined, { id: '' }, { path: '/etc' }],
  'history:list': [{ text: 5 }, { kind: 'sync' }, { text: longText }],
  'history:remote': [undefined, {}, { page: 0 }, { page: 1.5 }, { page: '1' }],
  'history:remove': [undefined, { id: '' }],
  'history:clear': [{ all: true }],
  'history:copy-link': [undefined, { id: 7 }],
  'history:retry': [undefined, {}],
  'history:show-in-folder': [undefined, { id: '' }],
  'settings:get': [{}],
  'settings:update': [
    undefined,
    { patch: { serverUrl: 'https://evil.example' } },
    { patch: { teamId: 'x' } },
    { patch: { apiKey: 'secret' } },
    { patch: { chunkSizeBytes: 1024 } },
    { patch: { partConcurrency: 0 } },
    { patch: { theme: 'neon' } },
    { patch: { uploadLimitBytesPerSecond: -1 } },
    { patch: { bandwidthSchedule: [{ days: [9], start: '09:00', end: '18:00' }] } },
    { patch: { bandwidthSchedule: [{ days: [1], start: '25:00', end: '18:00' }] } },
  ],
};

describe('the IPC contract refuses bad input on every channel', () => {
  it('has refusal cases for every channel', () => {
    expect(Object.keys(BAD).sort()).toEqual([...ALL_INVOKE_CHANNELS].sort());
  });

  it.each(Object.entries(BAD))('%s', async (channel, inputs) => {
    const registered = new Map<string, (s: SenderInfo, raw: unknown) => Promise<unknown>>();
    const transport: IpcTransport = {
      handle: (c, fn) => void registered.set(c, fn),
      send: () => undefined,
    };
    const called: string[] = [];
    const handlers = Object.fromEntries(
      ALL_INVOKE_CHANNELS.map((c) => [c, () => void called.push(c)]),
    ) as unknown as Handlers;
    registerHandlers(transport, handlers, { isTrustedSender: () => true });
    const fn = registered.get(channel);
    expect(fn).toBeDefined();
    for (const input of inputs) {
      const result = await fn?.({ url: 'app://bundle/index.html' }, input);
      expect(result, JSON.stringify(input)?.slice(0, 80)).toMatchObject({
        ok: false,
        error: { code: 'bad-input' },
      });
    }
    expect(called).toEqual([]);
  });
});
