// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { connect } from '../../renderer/api/connect';
import type { LinkAction } from '../../shared/ipc/contract';
import {
  fakeBridge,
  ok,
  servicesFor,
  settings,
  signedOut,
  startAnswers,
  transfer,
} from './fake-bridge';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('connect', () => {
  it('subscribes to every push before asking for any snapshot', async () => {
    const bridge = fakeBridge(startAnswers({ list: [transfer()] }));
    const s = servicesFor(bridge);
    connect(s);
    await settle();
    const order = bridge.calls.map((c) => c.channel);
    const lastSubscription = Math.max(...order.map((c, i) => (c.startsWith('on ') ? i : -1)));
    const firstInvoke = order.findIndex((c) => !c.startsWith('on '));
    expect(lastSubscription).toBeLessThan(firstInvoke);
    expect(order.filter((c) => c.startsWith('on ')).sort()).toEqual(
      [
        'on account:account-changed',
        'on app:show-transfer',
        'on links:link-opened',
        'on settings:settings-changed',
        'on staging:staging-changed',
        'on transfers:transfer-changed',
        'on transfers:transfer-removed',
      ].sort(),
    );
    expect(s.transfers.getState().order).toEqual(['a']);
    expect(s.account.getState().connection).toBe('ready');
  });

  it('opens sign-in when signed out, and Receive when a link waits', async () => {
    const out = fakeBridge(startAnswers({ account: signedOut }));
    const a = servicesFor(out);
    connect(a);
    await settle();
    expect(a.ui.getState().place).toBe('account');

    const link: LinkAction = {
      token: 't',
      preview: { linkId: '01JDEMO0000000000000000000', host: '127.0.0.1:8480', production: false },
    };
    const waiting = fakeBridge({
      ...startAnswers(),
      'app:ready': () =>
        ok({ pendingLinks: [link], host: { kind: 'electron', platform: 'linux' } }),
    });
    const b = servicesFor(waiting);
    connect(b);
    await settle();
    expect(b.ui.getState().place).toBe('receive');
    expect(b.links.getState().offers).toEqual([link]);
  });

  it('follows the theme setting and opens a transfer a notification points at', async () => {
    const bridge = fakeBridge(startAnswers({ list: [transfer()] }));
    const s = servicesFor(bridge, 'send');
    connect(s);
    await settle();
    expect(document.documentElement.dataset.theme).toBeUndefined();
    const dark = settings();
    dark.values.theme = 'dark';
    bridge.push('settings:settings-changed', dark);
    expect(document.documentElement.dataset.theme).toBe('dark');
    bridge.push('settings:settings-changed', settings({ uploadLimitBytesPerSecond: 5 }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(s.account.getState().settings?.uploadLimitBytesPerSecond).toBe(5);

    bridge.push('app:show-transfer', { id: 'a' });
    expect(s.ui.getState().place).toBe('transfers');
    expect(s.ui.getState().expanded).toEqual({ a: true });
  });

  it('says the app is not connected when main does not answer', async () => {
    const bridge = fakeBridge({});
    bridge.raw.invoke = () => Promise.reject(new Error('closed'));
    const s = servicesFor(bridge);
    connect(s);
    await settle();
    expect(s.account.getState().connection).toBe('unreachable');
  });
});
