// A checkbox that can also show "some of these" (indeterminate), as a tree's folder row does.
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  checked: boolean;
  indeterminate?: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  disabled?: boolean;
  /** An accessible name when the visible label is not enough (a path in a tree). */
  label?: string;
}

export function Checkbox({
  checked,
  indeterminate = false,
  onChange,
  children,
  disabled,
  label,
}: Props) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <label className={`checkbox${disabled ? ' is-disabled' : ''}`}>
      <input
        ref={ref}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-label={label}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="checkbox-box" aria-hidden="true" />
      <span className="checkbox-label">{children}</span>
    </label>
  );
}
