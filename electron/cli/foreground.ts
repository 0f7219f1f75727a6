// Runs one transfer in this process until it rests, showing progress and answering Ctrl-C and
// pause/cancel requests from other `masv` processes (control.ts). Used by upload, download and
// `transfers resume`.
import type { TransferSnapshot, TransferEvent } from '../../shared/transfers';
import type { CliContext } from './context';
import type { TransferLock } from './control';
import type { ControlAction } from './control';
import { ProgressView } from './progress-view';

/** What the foreground runner needs from the TransferManager. */
export interface ForegroundManager {
  onEvent(listener: (event: TransferEvent) => void): () => void;
  get(id: string): TransferSnapshot | undefined;
  pause(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  waitFor(id: string): Promise<TransferSnapshot>;
}

export interface ForegroundResult {
  snapshot: TransferSnapshot;
  /** What stopped it, when it did not end on its own. */
  stoppedBy: 'sigint' | ControlAction | null;
}

export interface ForegroundOptions {
  /** Taken by the caller before the transfer started (so no second process can start it). */
  lock: TransferLock;
  /** Plain-line spacing when stderr is not a TTY (tests shorten it). */
  plainIntervalMs?: number;
}

export async function runInForeground(
  ctx: CliContext,
  manager: ForegroundManager,
  id: string,
  options: ForegroundOptions,
): Promise<ForegroundResult> {
  const view = new ProgressView({
    stream: ctx.env.stderr,
    silent: ctx.out.json,
    ...(options.plainIntervalMs === undefined ? {} : { plainIntervalMs: options.plainIntervalMs }),
  });
  let stoppedBy: ForegroundResult['stoppedBy'] = null;
  const unsubscribe = manager.onEvent((event) => {
    if (event.snapshot.id === id) view.update(event.snapshot);
  });
  const initial = manager.get(id);
  if (initial !== undefined) view.update(initial);

  const stop = (reason: 'sigint' | ControlAction): void => {
    if (stoppedBy !== null) {
      // A second Ctrl-C while pausing: leave now; the journal is already durable.
      if (reason === 'sigint') {
        ctx.env.stderr.write(
          '\nmasv: stopped without waiting; resume with `masv transfers resume`\n',
        );
        process.exit(130);
      }
      return;
    }
    stoppedBy = reason;
    view.message(
      reason === 'cancel'
        ? 'Cancelling…'
        : 'Pausing (in-flight requests are stopped, progress is kept)…',
    );
    const action = reason === 'cancel' ? manager.cancel(id) : manager.pause(id);
    action.catch((err: unknown) =>
      view.message(`masv: could not ${reason === 'cancel' ? 'cancel' : 'pause'}: ${String(err)}`),
    );
  };
  const stopWatching = options.lock.watch((action) => stop(action));
  const stopSigint = ctx.env.onInterrupt(() => stop('sigint'));
  try {
    const snapshot = await manager.waitFor(id);
    view.update(snapshot);
    view.finish();
    return { snapshot, stoppedBy };
  } finally {
    stopSigint();
    stopWatching();
    unsubscribe();
  }
}
