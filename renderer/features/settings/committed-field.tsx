// A text field whose value is saved when the user leaves it or presses Enter (not on every key),
// with its own message while what is typed is not allowed. Escape puts back the saved value.
import { useState } from 'react';
import { TextField } from '../../ui/text-field';

interface Props {
  label: string;
  /** The saved value, as text. */
  value: string;
  /** Checks the text; returns an error sentence, or saves it and returns null. */
  commit: (text: string) => Promise<string | null> | string | null;
  suffix?: string;
  hint?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  className?: string;
}

export function CommittedField({
  label,
  value,
  commit,
  suffix,
  hint,
  placeholder,
  inputMode,
  className,
}: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (draft === null || draft === value) {
      setDraft(null);
      setError(null);
      return;
    }
    const problem = await commit(draft);
    setError(problem);
    if (problem === null) setDraft(null);
  };
  return (
    <TextField
      label={label}
      value={draft ?? value}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void save();
        if (e.key === 'Escape') {
          setDraft(null);
          setError(null);
        }
      }}
      suffix={suffix}
      hint={hint}
      placeholder={placeholder}
      inputMode={inputMode}
      error={error}
      className={className}
    />
  );
}
