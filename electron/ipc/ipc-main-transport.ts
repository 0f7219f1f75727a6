// The app's IPC transport: ipcMain for invokes, the window's webContents for pushes.
// Only this folder and the preload touch ipcMain/ipcRenderer.
import { ipcMain, type WebContents } from 'electron';
import type { IpcTransport } from './handler-registry';

export function createIpcMainTransport(getTarget: () => WebContents | undefined): IpcTransport {
  return {
    handle(channel, fn) {
      ipcMain.handle(channel, (event, raw: unknown) =>
        // senderFrame is null when the frame navigated away or was destroyed: treat as untrusted.
        fn({ url: event.senderFrame?.url ?? '' }, raw),
      );
    },
    send(channel, payload) {
      const target = getTarget();
      if (target && !target.isDestroyed()) target.send(channel, payload);
    },
  };
}
