// The one main window. Closing it hides it while "close to tray" is on (transfers keep running
// from the tray); otherwise closing it quits. It shows the overall progress on the taskbar/dock.
import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { applyWebSecurity, secureWebPreferences } from './web-security';

export interface WindowManagerOptions {
  preloadPath: string;
  /** Called when a window's renderer is gone, so held deep links wait for the next one. */
  onRendererGone(): void;
  /** Closing the window with "close to tray" off. */
  onCloseWithoutTray(): void;
}

export class WindowManager {
  private window: BrowserWindow | undefined;
  private quitting = false;
  /** From the settings: closing the window hides it instead of quitting. */
  closeToTray = true;

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

  /** Creates the window without showing it (started at login, hidden in the tray). */
  prepare(): void {
    if (!this.window || this.window.isDestroyed()) this.window = this.create();
  }

  /** 0–1 while transfers move, null to clear. */
  setProgress(fraction: number | null): void {
    if (this.window && !this.window.isDestroyed())
      this.window.setProgressBar(fraction === null ? -1 : Math.min(1, Math.max(0, fraction)));
  }

  prepareToQuit(): void {
    this.quitting = true;
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1040,
      height: 700,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'MASV Desktop',
      webPreferences: secureWebPreferences(this.options.preloadPath),
    });
    applyWebSecurity(win.webContents, { appOrigin: APP_ORIGIN });
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      if (this.closeToTray) win.hide();
      else this.options.onCloseWithoutTray();
    });
    win.webContents.on('render-process-gone', () => this.options.onRendererGone());
    win.webContents.on('did-start-navigation', () => this.options.onRendererGone());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    return win;
  }
}
