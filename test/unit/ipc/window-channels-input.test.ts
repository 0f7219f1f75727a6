// The channels the window uses for sign-in, staging, portals, sending and the queue refuse input
// outside their contract before any handler runs, and let well-formed input through.
import { describe, expect, it } from 'vitest';
import {
  registerHandlers,
  type IpcTransport,
  type SenderInfo,
} from '../../../electron/ipc/handler-registry';
import type { InvokeChannel } from '../../../shared/ipc/channels';
import { fakeHandlers } from '../../fakes/fake-handlers';

const staging = {
  items: [],
  scanning: [],
  errors: [],
  totals: { files: 0, bytes: 0, folders: 0, emptyFiles: 0, skipped: 0 },
};
const signedOut = { state: 'signed-out', serverUrl: 'http://127.0.0.1:8480', production: false };
const done = { done: true } as const;
const team = { kind: 'team', teamId: 't1', name: 'Dailies' };
const portal = { kind: 'portal', subdomain: 'studio', name: 'Dailies', senderEmail: 'a@b.co' };

const cases: { channel: InvokeChannel; good: unknown[]; bad: unknown[]; answer: unknown }[] = [
  {
    channel: 'account:sign-in',
    answer: signedOut,
    good: [
      { method: 'api-key', apiKey: 'k' },
      { method: 'password', email: 'a@b.co', password: 'p', serverUrl: 'https://x.example' },
    ],
    bad: [
      undefined,
      { apiKey: 'k' },
      { method: 'api-key', apiKey: '   ' },
      { method: 'api-key', apiKey: 'k'.repeat(1025) },
      { method: 'password', email: 'a@', password: 'p' },
      { method: 'password', email: 'a@b.co', password: '' },
      { method: 'api-key', apiKey: 'k', serverUrl: `https://${'x'.repeat(2050)}` },
      { method: 'token', token: 't' },
    ],
  },
  {
    channel: 'account:set-team',
    answer: signedOut,
    good: [{ teamId: 't1' }],
    bad: [{}, { teamId: '' }, { teamId: 'x'.repeat(65) }, { teamId: 7 }],
  },
  {
    channel: 'staging:add-paths',
    answer: staging,
    good: [{ paths: ['/home/me/shoot'] }],
    bad: [
      { paths: [] },
      { paths: [''] },
      { paths: ['x'.repeat(4097)] },
      { paths: Array.from({ length: 1001 }, (_, i) => `/p${i}`) },
      { paths: '/home/me' },
      { paths: [42] },
    ],
  },
  {
    channel: 'staging:pick',
    answer: staging,
    good: [{ kind: 'files' }, { kind: 'folders' }],
    bad: [undefined, {}, { kind: 'disk' }],
  },
  {
    channel: 'staging:remove',
    answer: staging,
    good: [{ id: 's1' }],
    bad: [{}, { id: '' }, { id: 'x'.repeat(65) }],
  },
  {
    channel: 'portals:lookup',
    answer: { subdomain: 'studio', name: 'Studio', message: '', hasAccessCode: false },
    good: [{ subdomain: 'studio' }],
    bad: [{}, { subdomain: '' }, { subdomain: '   ' }, { subdomain: 'x'.repeat(64) }],
  },
  {
    channel: 'uploads:start',
    answer: { id: 'u1' },
    good: [
      { destination: team },
      { destination: { ...team, recipients: ['x@y.co'], password: 'p', message: 'hi' } },
      { destination: { ...portal, accessCode: 'c' } },
    ],
    bad: [
      undefined,
      { destination: { ...team, kind: 'inbox' } },
      { destination: { ...team, name: '  ' } },
      { destination: { ...team, recipients: ['not an address'] } },
      { destination: { ...team, recipients: Array.from({ length: 101 }, (_, i) => `r${i}@x.co`) } },
      { destination: { ...team, password: '' } },
      { destination: { ...team, message: 'm'.repeat(5001) } },
      { destination: { ...portal, subdomain: 'a' } },
      { destination: { ...portal, subdomain: '../etc' } },
      { destination: { ...portal, senderEmail: 'me' } },
    ],
  },
  {
    channel: 'uploads:add-files',
    answer: { files: 2 },
    good: [
      { id: 't1', kind: 'files' },
      { id: 't1', kind: 'folders' },
    ],
    bad: [undefined, { id: 't1' }, { kind: 'files' }, { id: 't1', kind: 'disk' }],
  },
  {
    channel: 'uploads:add-paths',
    answer: { files: 1 },
    good: [{ id: 't1', paths: ['/home/me/a.mov'] }],
    bad: [
      { id: 't1', paths: [] },
      { id: 't1', paths: [''] },
      { id: '', paths: ['/a'] },
    ],
  },
  ...(
    ['transfers:files', 'transfers:finalize', 'transfers:copy-link', 'transfers:retry'] as const
  ).map((channel) => ({
    channel,
    answer:
      channel === 'transfers:files' ? { id: 't1', files: [], skipped: [], renamed: [] } : done,
    good: [{ id: 't1' }],
    bad: [undefined, {}, { id: '' }, { id: 'x'.repeat(65) }],
  })),
];

function registry(channel: InvokeChannel, answer: unknown) {
  const handlers = new Map<string, (s: SenderInfo, raw: unknown) => Promise<unknown>>();
  const transport: IpcTransport = {
    handle: (c, fn) => void handlers.set(c, fn),
    send: () => undefined,
  };
  const seen: unknown[] = [];
  registerHandlers(
    transport,
    fakeHandlers({
      [channel]: (input: unknown) => (seen.push(input), answer),
    }),
    { isTrustedSender: () => true },
  );
  return { call: (raw: unknown) => handlers.get(channel)!({ url: 'app://bundle/' }, raw), seen };
}

describe('the window’s channels check their input', () => {
  for (const { channel, good, bad, answer } of cases) {
    it(`${channel} refuses malformed input and accepts well-formed input`, async () => {
      const r = registry(channel, answer);
      for (const input of bad) {
        expect(await r.call(input), JSON.stringify(input)?.slice(0, 80)).toMatchObject({
          ok: false,
          error: { code: 'bad-input' },
        });
      }
      expect(r.seen).toEqual([]);
      for (const input of good) expect(await r.call(input)).toEqual({ ok: true, value: answer });
      expect(r.seen).toHaveLength(good.length);
    });
  }
});
