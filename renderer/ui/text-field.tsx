// A labelled text field with an optional hint and error. The label is always visible (no
// placeholder-as-label), the hint and error are tied to the input for screen readers.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

interface Common {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  /** Marks the field "optional" next to its label. */
  optional?: boolean;
  /** Something shown inside the field's end (a unit, a domain). */
  suffix?: string;
  /** A control shown after the field (a Look up button). */
  trailing?: ReactNode;
  className?: string;
}

type InputProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'className'> & {
    multiline?: false;
    ref?: Ref<HTMLInputElement>;
  };
type AreaProps = Common & {
  multiline: true;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  rows?: number;
  placeholder?: string;
  disabled?: boolean;
  maxLength?: number;
  id?: string;
};

export function TextField(props: InputProps | AreaProps) {
  const auto = useId();
  const { label, hint, error, optional, suffix, trailing, className } = props;
  const id = props.id ?? auto;
  const describedBy =
    [hint && !error ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  let control: ReactNode;
  if (props.multiline) {
    control = (
      <textarea
        id={id}
        className="input textarea"
        rows={props.rows ?? 3}
        value={props.value}
        onChange={props.onChange}
        placeholder={props.placeholder}
        disabled={props.disabled}
        maxLength={props.maxLength}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    );
  } else {
    const {
      label: _l,
      hint: _h,
      error: _e,
      optional: _o,
      suffix: _s,
      trailing: _t,
      className: _c,
      multiline: _m,
      ...input
    } = props;
    control = (
      <span className={`input-wrap${suffix ? ' has-suffix' : ''}`}>
        <input
          {...input}
          id={id}
          className="input"
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
        {suffix && (
          <span className="input-suffix" aria-hidden="true">
            {suffix}
          </span>
        )}
      </span>
    );
  }
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      <div className="field-row">
        {control}
        {trailing}
      </div>
      {hint && !error && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
