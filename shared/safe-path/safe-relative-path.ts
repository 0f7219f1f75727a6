// Turns an untrusted server (path, name) pair into a relative path that cannot leave the
// destination folder on the target OS: no "..", no absolute or drive paths, no illegal or
// reserved names, bounded length. The result is '/'-separated; callers join it with the OS API.

import {
  EMPTY_NAME_REPLACEMENT,
  MAX_SEGMENT_BYTES,
  cleanText,
  isDotSegment,
  sanitizeSegment,
  shortenName,
  utf8Length,
} from './segment';
import type { SafePathReason, TargetOs } from './segment';

/**
 * Default budget for the relative part, in UTF-8 bytes. Windows' classic MAX_PATH (260) still
 * bites Explorer and many tools, so keep Windows paths short; the engine passes a tighter value
 * computed from the real destination length.
 */
export const DEFAULT_MAX_PATH_BYTES: Record<TargetOs, number> = {
  win32: 240,
  darwin: 1000,
  linux: 4000,
};
/** Never shorten a segment below this when fitting a long path (keeps names recognisable). */
const MIN_SEGMENT_BYTES = 16;

// Characters that look like '/' or '\' and that some tools (or Windows "best fit" code-page
// mapping) turn into real separators; they are split on, exactly like '/'.
const SEPARATOR_LOOKALIKES = /[\u2215\u2044\uff0f\u29f8\u29f9\uff3c\u2216\u244a\u3033\u3035]/g;

export interface SafeRelativePath {
  /** '/'-separated, relative, never empty, no "." or ".." segments. */
  path: string;
  segments: string[];
  /** What had to change (empty when the server name was already safe). */
  reasons: SafePathReason[];
}

export interface SafeRelativePathOptions {
  maxPathBytes?: number;
}

function splitUntrusted(text: string, os: TargetOs, reasons: Set<SafePathReason>): string[] {
  let out = cleanText(text, reasons);
  out = out.replace(SEPARATOR_LOOKALIKES, () => {
    reasons.add('separator-lookalike');
    return '/';
  });
  if (out.includes('\\')) {
    reasons.add('backslash');
    out = out.replace(/\\/g, '/');
  }
  // "//?/C:/x" and "//./C:/x" are Win32 device/long-path prefixes; "/x" is absolute; "C:/x" has a
  // drive, and on Windows "C:x" is drive-relative. Repeat: "/C:/D:/x" hides several.
  const drive = os === 'win32' ? /^[A-Za-z]:/ : /^[A-Za-z]:(?=\/|$)/;
  for (let changed = true; changed;) {
    changed = false;
    const prefix = /^\/+(?:[?.]\/+)?/.exec(out);
    if (prefix) {
      reasons.add('absolute');
      out = out.slice(prefix[0].length);
      changed = true;
    }
    const letter = drive.exec(out);
    if (letter) {
      reasons.add('drive-letter');
      out = out.slice(letter[0].length);
      changed = true;
    }
  }
  const segments: string[] = [];
  for (const segment of out.split('/')) {
    if (segment === '') {
      continue;
    }
    if (isDotSegment(segment)) {
      reasons.add('dot-segment');
      continue;
    }
    // Dropping ".." can bring a drive to the front ("../C:/x"): the same rule applies there.
    const letter = segments.length === 0 ? drive.exec(segment) : null;
    if (letter) {
      reasons.add('drive-letter');
      const rest = segment.slice(letter[0].length);
      if (rest !== '') segments.push(rest);
      continue;
    }
    segments.push(segment);
  }
  return segments;
}

export function safeRelativePath(
  serverPath: string,
  serverName: string,
  os: TargetOs,
  opts: SafeRelativePathOptions = {},
): SafeRelativePath {
  const reasons = new Set<SafePathReason>();
  const dirParts = splitUntrusted(serverPath ?? '', os, reasons);
  const nameParts = splitUntrusted(serverName ?? '', os, reasons);
  let fileRaw = nameParts.pop();
  if (fileRaw === undefined) {
    reasons.add('empty-name');
    fileRaw = EMPTY_NAME_REPLACEMENT;
  }
  const dirs = [...dirParts, ...nameParts].map((s) => sanitizeSegment(s, os, false, reasons));
  const file = sanitizeSegment(fileRaw, os, true, reasons);
  const fitted = fitPath(
    dirs,
    file,
    Math.max(opts.maxPathBytes ?? DEFAULT_MAX_PATH_BYTES[os], 32),
    os,
    reasons,
  );
  return { path: fitted.join('/'), segments: fitted, reasons: [...reasons] };
}

function totalBytes(segments: readonly string[]): number {
  return segments.reduce((sum, s) => sum + utf8Length(s), 0) + Math.max(segments.length - 1, 0);
}

/** Shortens the longest segments first, then drops leading folders, until the path fits. */
function fitPath(
  dirs: string[],
  file: string,
  maxBytes: number,
  os: TargetOs,
  reasons: Set<SafePathReason>,
): string[] {
  const segments = [...dirs, file];
  if (totalBytes(segments) <= maxBytes) return segments;
  reasons.add('path-too-long');
  // Each pass shortens one segment by at least one byte or stops, so this terminates.
  for (let guard = 0; guard < 10_000 && totalBytes(segments) > maxBytes; guard++) {
    let longest = 0;
    segments.forEach((s, i) => {
      if (utf8Length(s) > utf8Length(segments[longest] ?? '')) longest = i;
    });
    const current = segments[longest] ?? '';
    const currentBytes = utf8Length(current);
    if (currentBytes <= MIN_SEGMENT_BYTES) break;
    const excess = totalBytes(segments) - maxBytes;
    const target = Math.max(MIN_SEGMENT_BYTES, currentBytes - excess);
    const isFile = longest === segments.length - 1;
    segments[longest] = resanitize(
      shortenName(current, Math.min(target, currentBytes - 1), isFile),
      os,
      isFile,
      reasons,
    );
  }
  while (segments.length > 1 && totalBytes(segments) > maxBytes) segments.shift();
  if (totalBytes(segments) > maxBytes) {
    segments[0] = resanitize(
      shortenName(segments[0] ?? '', Math.min(maxBytes, MAX_SEGMENT_BYTES), true),
      os,
      true,
      reasons,
    );
  }
  return segments;
}

/** Shortening can expose a trailing dot/space or a reserved name ("con.x…" → "con"). */
function resanitize(
  segment: string,
  os: TargetOs,
  isFile: boolean,
  reasons: Set<SafePathReason>,
): string {
  return sanitizeSegment(segment, os, isFile, reasons);
}
