import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SEGMENT_BYTES, safeRelativePath, utf8Length } from '../../../shared/safe-path';
import type { SafePathReason, TargetOs } from '../../../shared/safe-path';

type Row = [
  label: string,
  path: string,
  name: string,
  os: TargetOs,
  expected: string,
  reason?: SafePathReason,
];

const rows: Row[] = [
  ['plain', 'day1/cam-a', 'clip.mov', 'linux', 'day1/cam-a/clip.mov'],
  ['trailing slash folder', 'subfolder/', 'a.txt', 'linux', 'subfolder/a.txt'],
  ['parent escape in name', '', '../escape', 'linux', 'escape', 'dot-segment'],
  ['absolute name', '', '/etc/x', 'linux', 'etc/x', 'absolute'],
  ['absolute folder', '/etc', 'passwd', 'linux', 'etc/passwd', 'absolute'],
  ['drive letter + backslash', '', 'C:\\x', 'linux', 'x', 'drive-letter'],
  ['drive-relative', '', 'C:x', 'win32', 'x', 'drive-letter'],
  ['long-path prefix', '', '\\\\?\\C:\\Windows\\x', 'win32', 'Windows/x', 'absolute'],
  ['mixed traversal', 'a/../../b', 'c', 'linux', 'a/b/c', 'dot-segment'],
  // Found by the property test below: dropping ".." must not leave a drive at the front.
  ['drive behind a parent segment', '..\u29f8C:', '', 'linux', '_', 'drive-letter'],
  ['drive behind parent segments in the name', '', '../../D:/x', 'win32', 'x', 'drive-letter'],
  ['full-width dots are dot segments', '．．', 'x', 'linux', 'x', 'dot-segment'],
  ['division slash', 'a\u2215..\u2215..', 'x', 'linux', 'a/x', 'separator-lookalike'],
  ['fraction slash', '', 'a\u2044b', 'linux', 'a/b', 'separator-lookalike'],
  ['full-width solidus', '', 'a\uff0fb', 'linux', 'a/b', 'separator-lookalike'],
  ['big solidus', '', 'a\u29f8b', 'linux', 'a/b', 'separator-lookalike'],
  ['full-width reverse solidus', '', 'a\uff3cb', 'linux', 'a/b', 'separator-lookalike'],
  ['NUL removed', '', 'a\u0000b.txt', 'linux', 'ab.txt', 'control-characters'],
  [
    'C1 and bidi removed',
    '',
    'inv\u0085oice\u202eexe.txt',
    'linux',
    'invoiceexe.txt',
    'control-characters',
  ],
  ['CON reserved', '', 'CON', 'win32', '_CON', 'reserved-name'],
  ['nul.txt reserved', '', 'nul.txt', 'win32', '_nul.txt', 'reserved-name'],
  ['com1 with ext reserved', 'COM1.d', 'x', 'win32', '_COM1.d/x', 'reserved-name'],
  ['superscript lpt reserved', '', 'LPT\u00b9.log', 'win32', '_LPT\u00b9.log', 'reserved-name'],
  ['reserved with trailing space', '', 'aux .txt', 'win32', '_aux .txt', 'reserved-name'],
  ['CON fine on linux', '', 'CON', 'linux', 'CON'],
  ['COM10 is not reserved', '', 'COM10', 'win32', 'COM10'],
  [
    'windows illegal chars',
    '',
    'a<b>c:d"e|f?g*h.txt',
    'win32',
    'a_b_c_d_e_f_g_h.txt',
    'illegal-characters',
  ],
  ['colon on mac', '', 'a:b', 'darwin', 'a_b', 'illegal-characters'],
  ['colon fine on linux', '', 'a:b', 'linux', 'a:b'],
  ['trailing dots and spaces', 'dir. ', 'file. .', 'win32', 'dir/file', 'trailing-dots-or-spaces'],
  ['dots only becomes placeholder', '', '...', 'win32', '_', 'empty-name'],
  ['empty name', 'a', '', 'linux', 'a/_', 'empty-name'],
  ['nothing at all', '', '', 'linux', '_', 'empty-name'],
  ['NFD to NFC', '', 'Cafe\u0301.txt', 'linux', 'Caf\u00e9.txt', 'unicode-normalised'],
  ['lone surrogate', '', 'a\ud800b', 'linux', 'a\ufffdb', 'lone-surrogate'],
  ['unicode kept', 'Été/日本語', 'ünïcödé 🎬.mov', 'darwin', 'Été/日本語/ünïcödé 🎬.mov'],
];

describe('safeRelativePath table', () => {
  it.each(rows)('%s', (_label, path, name, os, expected, reason) => {
    const result = safeRelativePath(path, name, os);
    expect(result.path).toBe(expected);
    if (reason) expect(result.reasons).toContain(reason);
    else expect(result.reasons).toEqual([]);
  });
});

describe('length limits', () => {
  it('shortens a 300-character name to 255 bytes keeping the extension', () => {
    const result = safeRelativePath('', `${'a'.repeat(300)}.mov`, 'linux');
    expect(utf8Length(result.path)).toBe(MAX_SEGMENT_BYTES);
    expect(result.path.endsWith('.mov')).toBe(true);
    expect(result.reasons).toContain('segment-too-long');
  });

  it('never splits a multi-byte character when shortening', () => {
    const result = safeRelativePath('', `${'日'.repeat(120)}.txt`, 'linux');
    expect(utf8Length(result.path)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(result.path).toMatch(/^日+\.txt$/);
  });

  it('fits an over-long path into the budget, keeping the extension', () => {
    const deep = Array.from({ length: 30 }, (_, i) => `folder-number-${i}-${'x'.repeat(40)}`).join(
      '/',
    );
    const result = safeRelativePath(deep, `${'n'.repeat(200)}.wav`, 'win32', { maxPathBytes: 200 });
    expect(utf8Length(result.path)).toBeLessThanOrEqual(200);
    expect(result.path.endsWith('.wav')).toBe(true);
    expect(result.reasons).toContain('path-too-long');
  });
});

const nasty = fc.constantFrom(
  '..',
  '.',
  '/',
  '\\',
  ':',
  'C:',
  '\u0000',
  '\u2215',
  '\u2044',
  '\uff0f',
  '\u29f8',
  '\uff3c',
  '．',
  'CON',
  'nul',
  ' ',
  '*',
  '?',
  '\ud800',
);
const nastyString = fc
  .array(
    fc.oneof(
      nasty,
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('properties', () => {
  it('output is relative, non-empty, free of dot segments and unsafe characters', () => {
    fc.assert(
      fc.property(
        nastyString,
        nastyString,
        fc.constantFrom<TargetOs>('win32', 'darwin', 'linux'),
        (path, name, os) => {
          const { path: out, segments } = safeRelativePath(path, name, os);
          expect(out.length).toBeGreaterThan(0);
          expect(out.startsWith('/')).toBe(false);
          expect(out).not.toMatch(/^[A-Za-z]:(\/|$)/);
          if (os !== 'linux') expect(out).not.toContain(':');
          // eslint-disable-next-line no-control-regex
          expect(out).not.toMatch(/[\\\u0000-\u001f\u2215\u2044\uff0f\u29f8\uff3c]/);
          for (const s of segments) {
            expect(s).not.toBe('');
            expect(s.normalize('NFKC')).not.toBe('..');
            expect(s.normalize('NFKC')).not.toBe('.');
            expect(utf8Length(s)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
            if (os === 'win32') {
              expect(s).not.toMatch(/[<>:"|?*]|[. ]$/);
              expect(s).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i);
            }
          }
          expect(out.split('/')).toEqual(segments);
          // Idempotent: a safe path stays as it is.
          expect(safeRelativePath('', out, os).path).toBe(out);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
