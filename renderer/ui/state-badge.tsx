// The state of a transfer in words with its colour; the word carries the meaning, the colour
// only repeats it.
import type { TransferState } from '../../shared/transfers';
import { stateWord, toneOf } from './state-tone';

export function StateBadge({ state }: { state: TransferState }) {
  return (
    <span className={`badge tone-${toneOf(state)}`}>
      <span className="badge-dot" aria-hidden="true" />
      {stateWord(state)}
    </span>
  );
}
