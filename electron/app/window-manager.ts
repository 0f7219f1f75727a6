// The one main window. Closing it hides it (transfers keep running from the tray); it is
// destroyed only when the app quits.
import { BrowserWindow, shell } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { applyWebSecurity, secureWebPreferences } from './web-security';

export interface WindowManagerOptions {
  preloadPath: string;
  /** Called when a window's renderer is gone, so held deep links wait for the next one. */
  onRendererGone(): void;
}

export class WindowManager {
  private window: BrowserWindow | undefined;
  private quitting = false;

  constructor(private readonly options: WindowManagerOptions) {}

  get webContents() {
    return this.window?.webContents;
  }

  show(): void {
    if (!this.window || this.window.isDestroyed()) this.window = this.create();
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  prepareToQuit(): void {
    this.quitting = true;
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 960,
      height: 680,
      minWidth: 640,
      minHeight: 420,
      show: false,
      title: 'MASV Desktop',
      webPreferences: secureWebPreferences(this.options.preloadPath),
    });
    applyWebSecurity(win.webContents, {
      appOrigin: APP_ORIGIN,
      openExternal: (url) => void shell.openExternal(url),
    });
    win.on('close', (event) => {
      if (!this.quitting) {
        event.preventDefault();
        win.hide();
      }
    });
    win.webContents.on('render-process-gone', () => this.options.onRendererGone());
    win.webContents.on('did-start-navigation', () => this.options.onRendererGone());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    return win;
  }
}
