// The ownership side of restoring after a restart: a journal is claimed (opened, which takes its
// lock and trims a torn tail) only when no other live process or manager owns it; otherwise it
// is reported as busy and left exactly as it is.
import { isMasvError } from '../masv/errors';
import { journalOwner, openJournal } from './journal';
import type { Journal, JournalSecretsOptions } from './journal';

export interface RestoreOptions {
  /** Only these transfers (a CLI process resuming one); every journal in the folder when absent. */
  ids?: readonly string[];
  /** Start interrupted transfers at once (default true). */
  autoResume?: boolean;
}

/** A journal that another live process (or another manager here) owns. */
export interface BusyJournal {
  id: string;
  pid: number;
  startedAt: string;
}

export interface RestoreReport {
  restored: string[];
  busy: BusyJournal[];
}

export type ClaimedJournal =
  | { kind: 'open'; journal: Journal; records: unknown[] }
  | { kind: 'busy'; busy: BusyJournal }
  | { kind: 'unreadable'; reason: string };

export async function claimJournal(
  dir: string,
  id: string,
  sealing: JournalSecretsOptions,
): Promise<ClaimedJournal> {
  const { logger } = sealing;
  const busy = (): ClaimedJournal => {
    const owner = journalOwner(dir, id);
    return {
      kind: 'busy',
      busy: { id, pid: owner?.pid ?? 0, startedAt: owner?.startedAt ?? '' },
    };
  };
  if (journalOwner(dir, id)) return busy();
  let journal: Journal;
  try {
    journal = await openJournal(dir, id, sealing);
  } catch (e) {
    // Lost a race with another process opening it at the same moment.
    if (isMasvError(e) && e.code === 'in-use') return busy();
    // Unreadable (permissions, an I/O error): reported, never a crash of the whole start-up.
    logger.warn('could not open journal', { id, error: String(e) });
    return { kind: 'unreadable', reason: reasonOf(e) };
  }
  try {
    return { kind: 'open', journal, records: await journal.read() };
  } catch (e) {
    logger.warn('could not read journal', { id, error: String(e) });
    await journal.close();
    return { kind: 'unreadable', reason: reasonOf(e) };
  }
}

function reasonOf(e: unknown): string {
  return isMasvError(e) ? e.message : e instanceof Error ? e.message : String(e);
}
