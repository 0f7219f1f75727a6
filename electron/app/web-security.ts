// Locks down every web contents the app creates: no new windows, no navigation away from the
// app's own origin, no permission grants, no <webview>. Typed against the small subset of
// Electron's WebContents it uses so it is unit-tested with a hand-written fake.

export interface SecurableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  session: {
    setPermissionRequestHandler(
      handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
    ): void;
    setPermissionCheckHandler(handler: () => boolean): void;
  };
}

export interface WebSecurityOptions {
  /** The one origin the renderer is served from, e.g. `app://bundle`. */
  appOrigin: string;
}

export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    // Custom schemes (app://) have the opaque origin "null" in WHATWG URL, so compare the parts.
    const a = new URL(url);
    const b = new URL(appOrigin);
    return a.protocol === b.protocol && a.host === b.host && a.host !== '';
  } catch {
    return false;
  }
}

export function applyWebSecurity(contents: SecurableContents, options: WebSecurityOptions): void {
  // Pages open in the system browser only through `app:open-external`, after the window asked
  // the user and main checked the host; a plain link or window.open() opens nothing.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, options.appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The renderer needs no camera, notifications-by-web-API, geolocation or anything else.
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

/** BrowserWindow webPreferences every window of the app uses. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  } as const;
}
