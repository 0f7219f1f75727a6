import { describe, expect, it } from 'vitest';
import {
  IpcError,
  createPublisher,
  registerHandlers,
  type Handlers,
  type IpcTransport,
  type SenderInfo,
} from '../../../electron/ipc/handler-registry';
import { ALL_INVOKE_CHANNELS, INVOKE_CHANNELS, PUSH_CHANNELS } from '../../../shared/ipc/channels';
import { fakeHandlers, readyAnswer, sampleTransfer } from '../../fakes/fake-handlers';

function loopback() {
  const handlers = new Map<string, (s: SenderInfo, raw: unknown) => Promise<unknown>>();
  const sent: { channel: string; payload: unknown }[] = [];
  const transport: IpcTransport = {
    handle: (channel, fn) => void handlers.set(channel, fn),
    send: (channel, payload) => void sent.push({ channel, payload }),
  };
  const call = (channel: string, raw?: unknown, url = 'app://bundle/index.html') => {
    const fn = handlers.get(channel);
    if (!fn) throw new Error(`no handler for ${channel}`);
    return fn({ url }, raw);
  };
  return { transport, handlers, sent, call };
}

const snapshot = sampleTransfer;

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const ok = { done: true as const };
  return fakeHandlers({
    'app:ready': () => readyAnswer,
    'transfers:list': () => [snapshot],
    'transfers:pause': () => ok,
    'transfers:resume': () => ok,
    'transfers:cancel': () => ok,
    'transfers:pause-all': () => ok,
    'transfers:resume-all': () => ok,
    'links:parse': () => {
      throw new IpcError('bad-link', 'That is not a MASV link.');
    },
    'downloads:start': () => ({ id: 'd1' }),
    ...overrides,
  });
}

const trusted = (s: SenderInfo) => s.url.startsWith('app://bundle/');

describe('registerHandlers', () => {
  it('registers every channel of the contract', () => {
    const lb = loopback();
    registerHandlers(lb.transport, handlers(), { isTrustedSender: trusted });
    expect([...lb.handlers.keys()].sort()).toEqual([...ALL_INVOKE_CHANNELS].sort());
  });

  it('answers ok with the validated value', async () => {
    const lb = loopback();
    registerHandlers(lb.transport, handlers(), { isTrustedSender: trusted });
    expect(await lb.call(INVOKE_CHANNELS.transfersList)).toEqual({ ok: true, value: [snapshot] });
  });

  it('refuses calls from a frame that is not the app', async () => {
    const lb = loopback();
    let called = false;
    registerHandlers(
      lb.transport,
      handlers({ 'transfers:cancel': () => ((called = true), { done: true }) }),
      { isTrustedSender: trusted },
    );
    const r = await lb.call(INVOKE_CHANNELS.transfersCancel, { id: 't1' }, 'https://evil.example/');
    expect(r).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(called).toBe(false);
  });

  it('rejects input that does not match the schema without calling the handler', async () => {
    const lb = loopback();
    let called = false;
    registerHandlers(
      lb.transport,
      handlers({ 'transfers:pause': () => ((called = true), { done: true }) }),
      { isTrustedSender: trusted },
    );
    for (const bad of [undefined, { id: 42 }, { id: '' }, { id: 'x'.repeat(65) }, 'x']) {
      expect(await lb.call(INVOKE_CHANNELS.transfersPause, bad)).toMatchObject({
        ok: false,
        error: { code: 'bad-input' },
      });
    }
    expect(called).toBe(false);
  });

  it('passes IpcError codes through and hides other errors', async () => {
    const lb = loopback();
    const logged: unknown[] = [];
    registerHandlers(
      lb.transport,
      handlers({
        'transfers:resume': () => {
          throw new Error('token=abc secret internals');
        },
      }),
      { isTrustedSender: trusted, logError: (_c, e) => logged.push(e) },
    );
    expect(await lb.call(INVOKE_CHANNELS.linksParse, { text: 'nope' })).toEqual({
      ok: false,
      error: { code: 'bad-link', message: 'That is not a MASV link.' },
    });
    const r = await lb.call(INVOKE_CHANNELS.transfersResume, { id: 't1' });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });

  it('refuses to return output that breaks the contract', async () => {
    const lb = loopback();
    registerHandlers(
      lb.transport,
      handlers({ 'transfers:list': () => [{ ...snapshot, state: 'exploded' } as never] }),
      { isTrustedSender: trusted },
    );
    expect(await lb.call(INVOKE_CHANNELS.transfersList)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('createPublisher', () => {
  it('validates pushes before sending them', () => {
    const lb = loopback();
    const publish = createPublisher(lb.transport);
    publish(PUSH_CHANNELS.transferChanged, { type: 'progress', snapshot });
    expect(lb.sent).toEqual([
      { channel: PUSH_CHANNELS.transferChanged, payload: { type: 'progress', snapshot } },
    ]);
    expect(() => publish(PUSH_CHANNELS.transferChanged, { type: 'bogus' } as never)).toThrow();
    expect(lb.sent).toHaveLength(1);
  });
});
