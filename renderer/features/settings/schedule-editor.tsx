// The weekly bandwidth schedule: windows of the week (days, from, to) with their own limits,
// which replace the limits above while they are open. Each change is saved at once.
import { CalendarPlus, Trash } from 'lucide-react';
import { useState } from 'react';
import { BandwidthRule } from '../../../shared/schemas/settings';
import { Button } from '../../ui/button';
import { IconButton } from '../../ui/icon-button';
import { CommittedField } from './committed-field';
import { limitText, parseLimit } from './use-settings';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Office hours on weekdays: the usual first window. */
const FIRST: BandwidthRule = {
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  uploadBytesPerSecond: 10 * 1024 * 1024,
  downloadBytesPerSecond: 20 * 1024 * 1024,
};

interface Props {
  rules: BandwidthRule[];
  save: (rules: BandwidthRule[]) => Promise<boolean>;
}

export function ScheduleEditor({ rules, save }: Props) {
  const [problem, setProblem] = useState<{ index: number; text: string } | null>(null);
  const change = async (index: number, next: BandwidthRule): Promise<string | null> => {
    const checked = BandwidthRule.safeParse(next);
    if (!checked.success) {
      const text =
        next.days.length === 0 ? 'Pick at least one day.' : 'Times are written as HH:MM.';
      setProblem({ index, text });
      return text;
    }
    setProblem(null);
    await save(rules.map((r, i) => (i === index ? checked.data : r)));
    return null;
  };
  return (
    <div className="schedule">
      {rules.length === 0 ? (
        <p className="muted">No schedule: the limits above apply all week.</p>
      ) : (
        <ol className="schedule-list" aria-label="Schedule windows">
          {rules.map((rule, index) => (
            <li key={index} className="schedule-rule" aria-label={`Window ${index + 1}`}>
              <fieldset className="schedule-days">
                <legend className="field-label">Days</legend>
                {DAYS.map((d, day) => (
                  <label key={d} className="day-toggle">
                    <input
                      type="checkbox"
                      aria-label={DAY_NAMES[day]}
                      checked={rule.days.includes(day)}
                      onChange={(e) =>
                        void change(index, {
                          ...rule,
                          days: e.target.checked
                            ? [...rule.days, day].sort((a, b) => a - b)
                            : rule.days.filter((x) => x !== day),
                        })
                      }
                    />
                    <span>{d}</span>
                  </label>
                ))}
              </fieldset>
              <div className="schedule-times">
                <label className="field">
                  <span className="field-label">From</span>
                  <input
                    className="input"
                    type="time"
                    value={rule.start}
                    onChange={(e) => void change(index, { ...rule, start: e.target.value })}
                  />
                </label>
                <label className="field">
                  <span className="field-label">To</span>
                  <input
                    className="input"
                    type="time"
                    value={rule.end}
                    onChange={(e) => void change(index, { ...rule, end: e.target.value })}
                  />
                </label>
                <CommittedField
                  label="Upload limit"
                  suffix="MiB/s"
                  inputMode="decimal"
                  placeholder="No limit"
                  value={limitText(rule.uploadBytesPerSecond)}
                  commit={(t) => {
                    const r = parseLimit(t);
                    return 'error' in r
                      ? r.error
                      : change(index, { ...rule, uploadBytesPerSecond: r.value });
                  }}
                />
                <CommittedField
                  label="Download limit"
                  suffix="MiB/s"
                  inputMode="decimal"
                  placeholder="No limit"
                  value={limitText(rule.downloadBytesPerSecond)}
                  commit={(t) => {
                    const r = parseLimit(t);
                    return 'error' in r
                      ? r.error
                      : change(index, { ...rule, downloadBytesPerSecond: r.value });
                  }}
                />
                <IconButton
                  label={`Remove window ${index + 1}`}
                  tooltip="Remove this window"
                  icon={Trash}
                  tone="danger"
                  onClick={() => void save(rules.filter((_, i) => i !== index))}
                />
              </div>
              {problem?.index === index && (
                <p className="field-error" role="alert">
                  {problem.text}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <Button
        icon={CalendarPlus}
        onClick={() => void save([...rules, FIRST])}
        disabled={rules.length >= 20}
      >
        Add a time window
      </Button>
    </div>
  );
}
