// A choice of two or three ways (team or portal, key or password), as native radio buttons
// styled as one control: arrow keys move between them and screen readers say "1 of 2".
import { useId } from 'react';

interface Option<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

interface Props<T extends string> {
  label: string;
  value: T;
  options: Option<T>[];
  onChange: (value: T) => void;
}

export function Segmented<T extends string>({ label, value, options, onChange }: Props<T>) {
  const name = useId();
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.value} className={`segment${o.disabled ? ' is-disabled' : ''}`}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            disabled={o.disabled}
            onChange={() => onChange(o.value)}
          />
          <span className="segment-label">{o.label}</span>
        </label>
      ))}
    </div>
  );
}
