// E-mail chips: type or paste addresses; Enter, comma, semicolon, space or leaving the field
// turns the text into chips. Each address is checked with the same rule main applies, an
// invalid one stays visible (marked, with why) until the user fixes or removes it.
import { useId, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { X } from 'lucide-react';
import { EmailAddress } from '../../shared/schemas/upload-destination';

export interface Chip {
  value: string;
  valid: boolean;
}

export function toChips(text: string): Chip[] {
  return text
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((value) => ({ value, valid: EmailAddress.safeParse(value).success }));
}

interface Props {
  label: string;
  chips: Chip[];
  onChange: (chips: Chip[]) => void;
  hint?: string;
  optional?: boolean;
  placeholder?: string;
}

export function EmailChips({ label, chips, onChange, hint, optional, placeholder }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const invalid = chips.filter((c) => !c.valid);

  const commit = (raw: string) => {
    const fresh = toChips(raw).filter((c) => !chips.some((k) => k.value === c.value));
    if (fresh.length > 0) onChange([...chips, ...fresh]);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === ',' || e.key === ';' || e.key === ' ') && text !== '') {
      e.preventDefault();
      commit(text);
    } else if (e.key === 'Enter') {
      // An empty Enter must not submit the whole form by accident.
      e.preventDefault();
    } else if (e.key === 'Backspace' && text === '' && chips.length > 0) {
      onChange(chips.slice(0, -1));
    }
  };
  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text');
    if (/[\s,;]/.test(pasted.trim())) {
      e.preventDefault();
      commit(`${text} ${pasted}`);
    }
  };
  const error =
    invalid.length === 0
      ? null
      : invalid.length === 1
        ? `${invalid[0]!.value} is not an e-mail address. Fix or remove it.`
        : `${invalid.length} entries are not e-mail addresses. Fix or remove them.`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;

  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      <div className={`chips input${error ? ' is-invalid' : ''}`}>
        <ul className="chip-list" aria-label={`${label} added`}>
          {chips.map((c) => (
            <li key={c.value} className={`chip${c.valid ? '' : ' chip-invalid'}`}>
              <span className="chip-text selectable">{c.value}</span>
              {!c.valid && <span className="sr-only"> (not an e-mail address)</span>}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${c.value}`}
                onClick={() => onChange(chips.filter((k) => k.value !== c.value))}
              >
                <X size={12} aria-hidden="true" strokeWidth={2.5} />
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          className="chip-input"
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          value={text}
          placeholder={chips.length === 0 ? placeholder : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => text.trim() !== '' && commit(text)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
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
