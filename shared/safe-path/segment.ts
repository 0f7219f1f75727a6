// One path segment (a folder or file name) from an untrusted server, made safe for a target OS.
// Pure: no Node built-ins, so the renderer can preview names and Windows rules run on Linux.

export type TargetOs = 'win32' | 'darwin' | 'linux';

export type SafePathReason =
  | 'unicode-normalised'
  | 'lone-surrogate'
  | 'control-characters'
  | 'separator-lookalike'
  | 'backslash'
  | 'absolute'
  | 'drive-letter'
  | 'dot-segment'
  | 'empty-segment'
  | 'illegal-characters'
  | 'trailing-dots-or-spaces'
  | 'reserved-name'
  | 'segment-too-long'
  | 'path-too-long'
  | 'empty-name';

/** Linux/macOS NAME_MAX is 255 bytes; Windows allows 255 UTF-16 units, which 255 bytes never exceeds. */
export const MAX_SEGMENT_BYTES = 255;
/** Replacement for a name that sanitises to nothing. */
export const EMPTY_NAME_REPLACEMENT = '_';

// C0, DEL, C1, plus invisible bidi/format marks that can disguise an extension ("txt.exe").
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Windows forbids these in names; macOS Finder shows ':' as '/', so it is unsafe there as well.
const ILLEGAL_BY_OS: Record<TargetOs, RegExp> = {
  win32: /[<>:"|?*]/g,
  darwin: /:/g,
  linux: /(?!)/g,
};
// Device names Windows opens instead of files, whatever the extension ("nul.txt" is NUL).
// The superscript digits are reserved too (documented since Windows 10).
const RESERVED_WIN32 =
  /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Truncates to at most maxBytes of UTF-8 without splitting a code point. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** Splits "clip.final.mov" into ["clip.final", ".mov"]; dotfiles and long "extensions" have none. */
export function splitExtension(name: string): [stem: string, ext: string] {
  const tarMatch = /^(.+)(\.tar\.[A-Za-z0-9]{1,5})$/.exec(name);
  if (tarMatch) return [tarMatch[1] ?? name, tarMatch[2] ?? ''];
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > 16) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/** Shortens a file name to maxBytes keeping its extension where possible. */
export function shortenName(name: string, maxBytes: number, keepExtension: boolean): string {
  if (utf8Length(name) <= maxBytes) return name;
  const [stem, ext] = keepExtension ? splitExtension(name) : [name, ''];
  const extBytes = utf8Length(ext);
  if (extBytes >= maxBytes - 1) return truncateUtf8(name, maxBytes);
  return truncateUtf8(stem, maxBytes - extBytes) + ext;
}

/** Whole-string clean-up done before splitting: NFC, lone surrogates, invisible controls. */
export function cleanText(text: string, reasons: Set<SafePathReason>): string {
  let out = text.replace(LONE_SURROGATE, () => {
    reasons.add('lone-surrogate');
    return '\ufffd';
  });
  const nfc = out.normalize('NFC');
  if (nfc !== out) reasons.add('unicode-normalised');
  out = nfc.replace(CONTROL_CHARS, () => {
    reasons.add('control-characters');
    return '';
  });
  return out;
}

/** True for "." and ".." and their full-width/compatibility look-alikes ("．．"). */
export function isDotSegment(segment: string): boolean {
  const folded = segment.normalize('NFKC');
  return folded === '.' || folded === '..';
}

export function isReservedWin32(segment: string): boolean {
  const base = segment.split('.', 1)[0] ?? '';
  return RESERVED_WIN32.test(base.replace(/ +$/, ''));
}

/**
 * Makes one already-split segment safe on the target OS. `isFile` keeps the extension when
 * shortening. Never returns "", "." or "..".
 */
export function sanitizeSegment(
  segment: string,
  os: TargetOs,
  isFile: boolean,
  reasons: Set<SafePathReason>,
): string {
  let out = segment.replace(ILLEGAL_BY_OS[os], () => {
    reasons.add('illegal-characters');
    return '_';
  });
  if (utf8Length(out) > MAX_SEGMENT_BYTES) {
    out = shortenName(out, MAX_SEGMENT_BYTES, isFile);
    reasons.add('segment-too-long');
  }
  if (os === 'win32') {
    // Windows silently drops trailing dots and spaces, so "a." and "a" would be the same file.
    const trimmed = out.replace(/[. ]+$/, '');
    if (trimmed !== out) reasons.add('trailing-dots-or-spaces');
    out = trimmed;
    if (isReservedWin32(out)) {
      out = `_${out}`;
      reasons.add('reserved-name');
      if (utf8Length(out) > MAX_SEGMENT_BYTES) out = shortenName(out, MAX_SEGMENT_BYTES, isFile);
    }
  }
  if (out === '' || isDotSegment(out)) {
    reasons.add('empty-name');
    out = EMPTY_NAME_REPLACEMENT;
  }
  return out;
}
