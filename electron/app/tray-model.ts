// What the tray shows, derived from the transfer list: a tooltip with the overall progress and
// the menu entries that make sense right now. Pure, so it is tested without Electron.
import type { TransferSnapshot } from '../../shared/transfers';

export type TrayCommand = 'show' | 'pause-all' | 'resume-all' | 'quit';

export interface TrayMenuItem {
  label: string;
  command: TrayCommand;
  enabled: boolean;
}

export interface TrayModel {
  tooltip: string;
  items: TrayMenuItem[];
}

export function trayModel(transfers: readonly TransferSnapshot[]): TrayModel {
  const moving = transfers.filter(
    (t) => t.state === 'transferring' || t.state === 'preparing' || t.state === 'finalizing',
  );
  const paused = transfers.filter((t) => t.state === 'paused');
  const done = moving.reduce((n, t) => n + t.bytesDone, 0);
  const total = moving.reduce((n, t) => n + t.bytesTotal, 0);
  let tooltip = 'MASV Desktop';
  if (moving.length > 0) {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    tooltip += ` — ${moving.length} transfer${moving.length === 1 ? '' : 's'}, ${pct}%`;
  } else if (paused.length > 0) {
    tooltip += ` — ${paused.length} paused`;
  }
  return {
    tooltip,
    items: [
      { label: 'Show MASV Desktop', command: 'show', enabled: true },
      { label: 'Pause all', command: 'pause-all', enabled: moving.length > 0 },
      { label: 'Resume all', command: 'resume-all', enabled: paused.length > 0 },
      { label: 'Quit', command: 'quit', enabled: true },
    ],
  };
}
