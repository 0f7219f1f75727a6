// A progress bar in the colour of its transfer's state. Finalizing is striped (and moves when
// motion is allowed) so it never reads as a finished 100 %. Values are exposed as ARIA so
// screen readers and tests read the real byte counts.
import type { Tone } from './state-tone';

interface Props {
  value: number;
  max: number;
  tone: Tone;
  label: string;
  /** What a screen reader says, e.g. "42 %, 1.20 GiB of 2.86 GiB". */
  valueText?: string;
  /** Finalizing: the bar shows work that has no byte count. */
  striped?: boolean;
  size?: 'sm' | 'md';
}

export function ProgressBar({ value, max, tone, label, valueText, striped, size = 'md' }: Props) {
  const fraction = max > 0 ? Math.min(1, Math.max(0, value / max)) : value > 0 ? 1 : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
      className={`progress progress-${size} tone-${tone}${striped ? ' is-striped' : ''}`}
    >
      <div className="progress-fill" style={{ width: `${(striped ? 1 : fraction) * 100}%` }} />
    </div>
  );
}
