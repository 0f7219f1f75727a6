// What a screen reader hears about transfers, at a sane rate: a transfer that finishes or fails
// is said at once; overall progress at most every 15 s while something moves. Never every tick.
import { useEffect, useState } from 'react';
import type { Services } from '../../services';
import type { TransfersState } from '../../stores/transfers-store';
import { percentOf, plural } from '../../ui/format';

export const PROGRESS_EVERY_MS = 15_000;

function overall(s: TransfersState): string | null {
  let done = 0;
  let total = 0;
  let active = 0;
  for (const id of s.order) {
    const t = s.byId[id];
    if (!t || !['queued', 'preparing', 'transferring', 'finalizing'].includes(t.state)) continue;
    active++;
    done += t.bytesDone;
    total += t.bytesTotal;
  }
  if (active === 0) return null;
  return `${plural(active, 'transfer')} active, ${percentOf(done, total)} % done.`;
}

export function useAnnouncer(s: Services): string {
  const [said, setSaid] = useState('');
  useEffect(() => {
    const seen = new Map<string, string>();
    for (const id of s.transfers.getState().order) {
      const t = s.transfers.getState().byId[id];
      if (t) seen.set(id, t.state);
    }
    const off = s.transfers.subscribe((state) => {
      for (const id of state.order) {
        const t = state.byId[id];
        if (!t) continue;
        const before = seen.get(id);
        seen.set(id, t.state);
        if (before === t.state || (t.state !== 'complete' && t.state !== 'failed')) continue;
        const what = `${t.kind === 'upload' ? 'Upload' : 'Download'} of “${t.name}”`;
        setSaid(t.state === 'complete' ? `${what} is complete.` : `${what} failed.`);
      }
    });
    const timer = setInterval(() => {
      const text = overall(s.transfers.getState());
      if (text !== null) setSaid(text);
    }, PROGRESS_EVERY_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [s]);
  return said;
}
