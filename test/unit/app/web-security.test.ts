import { describe, expect, it } from 'vitest';
import {
  applyWebSecurity,
  isAppUrl,
  secureWebPreferences,
  type SecurableContents,
} from '../../../electron/app/web-security';

function fakeContents() {
  const listeners = new Map<string, (...args: any[]) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  let permissionHandler: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined;
  let checkHandler: (() => boolean) | undefined;
  const contents: SecurableContents = {
    setWindowOpenHandler: (h) => void (openHandler = h),
    on: (event: string, listener: (...args: any[]) => void) => void listeners.set(event, listener),
    session: {
      setPermissionRequestHandler: (h) => void (permissionHandler = h),
      setPermissionCheckHandler: (h) => void (checkHandler = h),
    },
  };
  const navigate = (event: string, url: string) => {
    let prevented = false;
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return {
    contents,
    listeners,
    navigate,
    open: (url: string) => openHandler!({ url }),
    permission: (p: string) => new Promise<boolean>((r) => permissionHandler!(null, p, r)),
    check: () => checkHandler!(),
  };
}

describe('applyWebSecurity', () => {
  const appOrigin = 'app://bundle';

  it('denies every new window, https ones included (they go through app:open-external)', () => {
    const f = fakeContents();
    applyWebSecurity(f.contents, { appOrigin });
    expect(f.open('https://massive.io/help')).toEqual({ action: 'deny' });
    expect(f.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
  });

  it('blocks navigation and redirects away from the app origin only', () => {
    const f = fakeContents();
    applyWebSecurity(f.contents, { appOrigin });
    expect(f.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(f.navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(f.navigate('will-navigate', 'app://bundle/index.html#/history')).toBe(false);
  });

  it('refuses webviews and every permission', async () => {
    const f = fakeContents();
    applyWebSecurity(f.contents, { appOrigin });
    let prevented = false;
    f.listeners.get('will-attach-webview')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(await f.permission('media')).toBe(false);
    expect(await f.permission('notifications')).toBe(false);
    expect(f.check()).toBe(false);
  });

  it('uses sandboxed, isolated, node-free web preferences', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      preload: '/p.cjs',
    });
  });

  it('compares origins, not prefixes', () => {
    expect(isAppUrl('app://bundle.evil/x', appOrigin)).toBe(false);
    expect(isAppUrl('not a url', appOrigin)).toBe(false);
  });
});
