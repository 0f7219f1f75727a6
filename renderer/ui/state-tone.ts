// Which colour a transfer state wears. One table, so a badge and its bar always agree.
import type { TransferState } from '../../shared/transfers';

export type Tone = 'moving' | 'paused' | 'finalizing' | 'idle' | 'complete' | 'failed' | 'quiet';

export function toneOf(state: TransferState): Tone {
  switch (state) {
    case 'queued':
    case 'preparing':
    case 'transferring':
      return 'moving';
    case 'paused':
      return 'paused';
    case 'finalizing':
      return 'finalizing';
    case 'idle':
      return 'idle';
    case 'complete':
      return 'complete';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'quiet';
    default:
      return state satisfies never;
  }
}

/** The state in words, as the queue shows it. */
export function stateWord(state: TransferState): string {
  return state;
}
