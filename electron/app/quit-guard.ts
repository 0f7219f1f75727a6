// Quitting with transfers running asks first; if the user goes on, every active transfer is
// paused (its state journaled) before the app exits, so the next start shows them paused and
// loses nothing. The decision is pure; main.ts supplies the dialog and the pause.
import type { TransferSnapshot } from '../../shared/transfers';

const ACTIVE = new Set<TransferSnapshot['state']>([
  'queued',
  'preparing',
  'transferring',
  'finalizing',
]);

export interface QuitPrompt {
  message: string;
  detail: string;
  buttons: [string, string];
}

/** The question to ask before quitting, or undefined when nothing is running. */
export function quitPrompt(transfers: readonly TransferSnapshot[]): QuitPrompt | undefined {
  const active = transfers.filter((t) => ACTIVE.has(t.state));
  if (active.length === 0) return undefined;
  const n = active.length;
  return {
    message: `${n} transfer${n === 1 ? ' is' : 's are'} still running. Quit anyway?`,
    detail:
      'They will be paused and can be resumed the next time you open MASV Desktop. Nothing already sent or received is lost.',
    buttons: ['Pause and quit', 'Keep running'],
  };
}
