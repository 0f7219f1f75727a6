// Parsing of option values that are more than plain strings: sizes, rates, counts, emails.
import { UsageError } from './args';

const UNIT: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};

/** `5242880`, `5M`, `5MiB`, `5mb`, `1.5G` → bytes (binary units, like curl's --limit-rate). */
export function parseSize(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const unit = m?.[2]?.toLowerCase() ?? '';
  const factor = UNIT[unit];
  if (m === null || m[1] === undefined || factor === undefined) {
    throw new UsageError(`option '--${option}' expects a size like 5M or 5242880, got '${text}'`);
  }
  const value = Math.floor(Number(m[1]) * factor);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`option '--${option}' must be greater than zero`);
  }
  return value;
}

export function parseCount(text: string, option: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `option '--${option}' expects a whole number from ${min} to ${max}, got '${text}'`,
    );
  }
  return n;
}

/** `--to a@x --to b@y,c@z` → three addresses; rejects anything that is not an email. */
export function parseEmails(values: readonly string[], option: string): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const part of v.split(',')) {
      const email = part.trim();
      if (email === '') continue;
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        throw new UsageError(`option '--${option}' expects email addresses, got '${email}'`);
      }
      out.push(email);
    }
  }
  return out;
}
