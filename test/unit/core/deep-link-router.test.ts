import { describe, expect, it } from 'vitest';
import { DeepLinkRouter } from '../../../electron/core/deep-link-router';
import type { LinkAction } from '../../../shared/ipc/contract';

const ID = '01J9ZX5E4Q8W3V2T1S0R9P8N7M';
const SECRET = 'bqkBtnPwvmkgJpHN';

function router(hosts: string[] = ['127.0.0.1:8480']) {
  const published: LinkAction[] = [];
  const logs: string[] = [];
  let n = 0;
  const r = new DeepLinkRouter({
    extraHosts: () => hosts,
    publish: (a) => published.push(a),
    newToken: () => `tok${++n}`,
    log: (m) => logs.push(m),
  });
  return { r, published, logs };
}

describe('DeepLinkRouter', () => {
  it('holds links that arrive before the renderer is ready and hands them over in order', () => {
    const { r, published } = router();
    r.acceptArgv([
      '/opt/MASV/masv-desktop',
      '--no-sandbox',
      `masv://get.massive.app/${ID}?secret=${SECRET}`,
      `http://127.0.0.1:8480/${ID}?secret=abc`,
    ]);
    expect(published).toEqual([]);
    const pending = r.markReady();
    expect(pending.map((a) => a.preview)).toEqual([
      { linkId: ID, host: 'get.massive.app', production: true },
      { linkId: ID, host: '127.0.0.1:8480', production: false },
    ]);
    expect(r.markReady()).toEqual([]);
  });

  it('publishes at once when the renderer is ready', () => {
    const { r, published } = router();
    r.markReady();
    r.accept(`https://get.massive.io/${ID}?secret=${SECRET}&lang=system`);
    expect(published).toHaveLength(1);
    expect(published[0]!.preview.host).toBe('get.massive.io');
  });

  it('never sends the secret to the renderer, but resolves the token back to it in main', () => {
    const { r } = router();
    const action = r.accept(`masv://get.massive.app/${ID}?secret=${SECRET}`)!;
    expect(JSON.stringify(action)).not.toContain(SECRET);
    expect(r.resolve(action.token)).toMatchObject({ linkId: ID, secret: SECRET });
    expect(r.resolve('forged')).toBeUndefined();
  });

  it('ignores hostile or foreign links and logs why, without echoing them to the renderer', () => {
    const { r, published, logs } = router([]);
    r.markReady();
    for (const bad of [
      `https://evil.example/${ID}?secret=${SECRET}`,
      `http://127.0.0.1:8480/${ID}?secret=${SECRET}`,
      `masv://get.massive.app/${ID}`,
      `https://user:pw@get.massive.app/${ID}?secret=${SECRET}`,
      'x'.repeat(5000),
    ]) {
      expect(r.accept(bad)).toBeUndefined();
    }
    expect(published).toEqual([]);
    expect(logs).toHaveLength(5);
  });

  it('bounds what it holds while no window is ready', () => {
    const { r } = router();
    for (let i = 0; i < 100; i++) r.accept(`masv://get.massive.app/${ID}?secret=s${i}`);
    expect(r.markReady().length).toBeLessThanOrEqual(32);
  });
});

describe('DeepLinkRouter.parse (pasted links)', () => {
  it("answers the caller with the action or the parser's reason, publishing nothing", () => {
    const { r, published } = router();
    r.markReady();
    const ok = r.parse(`https://get.massive.app/${ID}?secret=${SECRET}`);
    expect(ok.ok && ok.action.preview.linkId).toBe(ID);
    const bad = r.parse(`https://get.massive.app/${ID}`);
    expect(bad).toEqual({ ok: false, message: expect.stringMatching(/secret/i) });
    expect(published).toEqual([]);
  });
});
