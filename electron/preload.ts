// The whole surface the renderer gets: invoke an allowlisted channel, listen to an allowlisted
// push, and the path of a file dropped on the window (the sandbox gives File objects no path).
// No ipcRenderer, no Node, no secrets. Bundled to one CommonJS file for the sandbox.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { ALL_INVOKE_CHANNELS, ALL_PUSH_CHANNELS } from '../shared/ipc/channels';

const bridge = {
  invoke(channel: string, input?: unknown): Promise<unknown> {
    if (!ALL_INVOKE_CHANNELS.includes(channel))
      return Promise.reject(new Error(`unknown channel ${channel}`));
    return ipcRenderer.invoke(channel, input);
  },
  on(channel: string, listener: (payload: unknown) => void): () => void {
    if (!ALL_PUSH_CHANNELS.includes(channel)) throw new Error(`unknown channel ${channel}`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
  /** Paths of dropped files go to main through `staging:add-paths`, which scans them again. */
  pathForFile(file: Parameters<typeof webUtils.getPathForFile>[0]): string {
    return webUtils.getPathForFile(file);
  },
};

export type Bridge = typeof bridge;

contextBridge.exposeInMainWorld('bridge', bridge);
