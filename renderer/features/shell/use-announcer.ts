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
    // From the pushes themselves: one look per change, not a pass over every transfer.
    const said = new Map<string, string>();
    const off = s.api.on('transfers:transfer-changed', ({ type, snapshot: t }) => {
      if (type !== 'state' || (t.state !== 'complete' && t.state !== 'failed')) return;
      if (said.get(t.id) === t.state) return;
      said.set(t.id, t.state);
      const what = `${t.kind === 'upload' ? 'Upload' : 'Download'} of “${t.name}”`;
      setSaid(t.state === 'complete' ? `${what} is complete.` : `${what} failed.`);
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
