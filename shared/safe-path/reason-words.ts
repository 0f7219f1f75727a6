// Why a file name from a package was changed, in words a user understands (the pre-flight report
// of a download). Pure: the reasons come from safeRelativePath.
import type { SafePathReason } from './segment';

const WORDS: Record<SafePathReason, string> = {
  'unicode-normalised': 'its accents were written in another Unicode form',
  'lone-surrogate': 'it held broken characters',
  'control-characters': 'it held invisible control characters',
  'separator-lookalike': 'it held a character that looks like a slash',
  backslash: 'it held a backslash',
  absolute: 'it pointed outside the folder',
  'drive-letter': 'it named a drive',
  'dot-segment': 'it pointed outside the folder',
  'empty-segment': 'it had an empty folder name',
  'illegal-characters': 'it held characters this system does not allow',
  'trailing-dots-or-spaces': 'it ended in dots or spaces',
  'reserved-name': 'it is a name Windows reserves',
  'segment-too-long': 'a name in it was too long',
  'path-too-long': 'the whole path was too long',
  'empty-name': 'it had no name',
};

export function reasonWords(reasons: readonly SafePathReason[]): string {
  const words = [...new Set(reasons.map((r) => WORDS[r]))];
  return words.length === 0 ? 'it could not be used as it was' : words.join('; ');
}
