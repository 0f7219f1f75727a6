// What the tray shows, derived from the transfer list: a tooltip with the overall progress and
// the menu entries that make sense right now. Pure, so it is tested without Electron.
import type { TransferSnapshot } from '../../shared/transfers';

export type TrayCommand = 'show' | 'pause-all' | 'resume-all' | 'quit';

export interface TrayMenuItem {
  label: string;
  command: TrayCommand;
  enabled: boolean;
  /** Set on the entries that list a transfer: choosing one shows it in the window. */
  transferId?: string;
}

export interface TrayModel {
  tooltip: string;
  items: TrayMenuItem[];
  /** Overall progress of what moves (0–1) for the taskbar/dock, or null when nothing does. */
  progress: number | null;
}

/** At most this many transfers are listed in the menu. */
const LISTED = 5;

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
  const listed: TrayMenuItem[] = moving.slice(0, LISTED).map((t) => ({
    label: `${t.kind === 'upload' ? '↑' : '↓'} ${t.name} — ${
      t.bytesTotal > 0 ? Math.floor((t.bytesDone / t.bytesTotal) * 100) : 0
    }%`,
    command: 'show',
    enabled: true,
    transferId: t.id,
  }));
  if (moving.length > LISTED)
    listed.push({ label: `… and ${moving.length - LISTED} more`, command: 'show', enabled: true });
  return {
    tooltip,
    progress: moving.length > 0 && total > 0 ? done / total : null,
    items: [
      ...listed,
      { label: 'Show MASV Desktop', command: 'show', enabled: true },
      { label: 'Pause all', command: 'pause-all', enabled: moving.length > 0 },
      { label: 'Resume all', command: 'resume-all', enabled: paused.length > 0 },
      { label: 'Quit', command: 'quit', enabled: true },
    ],
  };
}
