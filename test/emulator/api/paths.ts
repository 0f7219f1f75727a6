// File names and folder paths from clients are untrusted (masv-api.md §2.2): they end up in
// download listings and zip entries that other people's machines unpack. Normalise what is
// harmless (separators, a leading or trailing '/'), reject what could escape a folder.
import { badRequest } from './errors';

const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 4096;
const DRIVE = /^[A-Za-z]:/;

function checkSegment(segment: string, what: string): void {
  if (segment.includes('\0')) throw badRequest(`${what} must not contain NUL`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u001f\u007f]/.test(segment))
    throw badRequest(`${what} must not contain control characters`);
  if (segment.includes('\\')) throw badRequest(`${what} must not contain backslashes`);
  if (segment === '..') throw badRequest(`${what} must not contain '..'`);
  if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
    throw badRequest(`${what} segment is longer than 255 bytes`);
}

/** A base name: non-empty, no separators, not '.' or '..'. */
export function validateName(name: string): string {
  if (name === '' || name.trim() === '') throw badRequest('name must not be empty');
  checkSegment(name, 'name');
  if (name.includes('/')) throw badRequest('name must not contain /');
  if (name === '.') throw badRequest("name must not be '.'");
  if (DRIVE.test(name)) throw badRequest('name must not start with a drive letter');
  return name;
}

/**
 * The folder a file sits in, relative to the package root: `/` separators, no leading or trailing
 * `/`, empty and `.` segments dropped, `..`, NUL, backslashes and drive letters rejected.
 */
export function normalisePath(path: string): string {
  const segments = path.split('/');
  const kept: string[] = [];
  for (const s of segments) {
    checkSegment(s, 'path');
    if (s === '' || s === '.') continue;
    kept.push(s);
  }
  // Checked after stripping: "/C:/x" must not turn into the Windows-absolute "C:/x".
  if (DRIVE.test(kept[0] ?? ''))
    throw badRequest('path must be relative (drive letters are not allowed)');
  const out = kept.join('/');
  if (Buffer.byteLength(out) > MAX_PATH_BYTES) throw badRequest('path is longer than 4096 bytes');
  return out;
}

/** `path/name` as it appears in zips and on disk after download. */
export function joinEntryPath(path: string, name: string): string {
  return path === '' ? name : `${path}/${name}`;
}
