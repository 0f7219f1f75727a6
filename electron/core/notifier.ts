// System notifications when a transfer completes or fails, when the settings allow them. The
// host shows them (Electron's Notification in the app, a double in the preview and the tests);
// clicking one brings the window to that transfer (AppCore.showTransfer).
import type { TransferView } from '../../shared/schemas/transfer-view';
import { formatBytes } from '../../shared/format';

export interface TransferNotice {
  transferId: string;
  title: string;
  body: string;
}

/** The notice for a transfer that came to rest, or undefined when it needs none. */
export function noticeFor(view: TransferView): TransferNotice | undefined {
  const what = view.kind === 'upload' ? 'Upload' : 'Download';
  const files = `${view.filesTotal} ${view.filesTotal === 1 ? 'file' : 'files'}`;
  switch (view.state) {
    case 'complete':
      return {
        transferId: view.id,
        title: `${what} complete`,
        body: `${view.name}: ${files}, ${formatBytes(view.bytesTotal)}${
          view.place === undefined ? '' : view.kind === 'upload' ? ` to ${view.place}` : ''
        }.`,
      };
    case 'failed':
      return {
        transferId: view.id,
        title: `${what} failed`,
        body: `${view.name}: ${view.error?.message ?? 'it stopped with an error'}`,
      };
    case 'idle':
      return {
        transferId: view.id,
        title: 'Upload sent, not finalized',
        body: `${view.name}: every file is sent; the package waits to be finalized.`,
      };
    case 'queued':
    case 'preparing':
    case 'transferring':
    case 'paused':
    case 'finalizing':
    case 'cancelled':
      return undefined;
  }
}
