import { describe, expect, it } from 'vitest';
import { parseInvocation, UsageError } from '../../../electron/cli/args';
import { parseCount, parseEmails, parseSize } from '../../../electron/cli/values';

function usage(argv: string[]): string {
  try {
    parseInvocation(argv);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error('expected a usage error');
}

describe('parseInvocation', () => {
  it('recognises help and version forms', () => {
    expect(parseInvocation(['--help'])).toEqual({ kind: 'help' });
    expect(parseInvocation(['-V'])).toEqual({ kind: 'version' });
    const h = parseInvocation(['upload', '--help']);
    expect(h.kind === 'help' && h.command?.name).toBe('upload');
    const sub = parseInvocation(['help', 'transfers', 'resume']);
    expect(sub.kind === 'help' && sub.command?.name).toBe('transfers resume');
  });

  it('parses upload options, repeated flags and positionals', () => {
    const inv = parseInvocation([
      'upload',
      'a',
      'b',
      '--to',
      'x@y.z',
      '--to',
      'p@q.r',
      '--no-finalize',
      '--json',
    ]);
    if (inv.kind !== 'run') throw new Error('expected run');
    expect(inv.command.name).toBe('upload');
    expect(inv.positionals).toEqual(['a', 'b']);
    expect(inv.values.to).toEqual(['x@y.z', 'p@q.r']);
    expect(inv.values['no-finalize']).toBe(true);
    expect(inv.json).toBe(true);
  });

  it('dispatches transfer subcommands', () => {
    const r = parseInvocation(['transfers', 'resume', '--all']);
    expect(r.kind === 'run' && r.command.name).toBe('transfers resume');
    const l = parseInvocation(['transfers', 'list', '--json']);
    expect(l.kind === 'run' && l.command.name).toBe('transfers');
    const p = parseInvocation(['transfers', 'pause', 'ID1']);
    expect(p.kind === 'run' && p.positionals).toEqual(['ID1']);
  });

  it('turns every bad command line into one short line', () => {
    expect(usage([])).toBe('no command given');
    expect(usage(['frob'])).toBe("unknown command 'frob'");
    expect(usage(['--frob'])).toBe("unknown option '--frob'");
    expect(usage(['upload', 'f', '--bogus'])).toBe("unknown option '--bogus'");
    expect(usage(['upload', 'f', '-z'])).toBe("unknown option '-z'");
    expect(usage(['upload', 'f', '--name'])).toBe("option '--name' needs a value");
    expect(usage(['upload', 'f', '--json=yes'])).toBe("option '--json' does not take a value");
    expect(usage(['upload'])).toBe('no files or folders given to upload');
    expect(usage(['login', 'extra'])).toBe("unexpected argument 'extra'");
    expect(usage(['transfers', 'pause'])).toBe('missing argument');
    for (const argv of [['upload', 'f', '--bogus'], ['frob']])
      expect(usage(argv)).not.toContain('\n');
  });
});

describe('option values', () => {
  it('parses sizes in binary units', () => {
    expect(parseSize('5242880', 'chunk-size')).toBe(5242880);
    expect(parseSize('5M', 'chunk-size')).toBe(5 * 1024 * 1024);
    expect(parseSize('5MiB', 'chunk-size')).toBe(5 * 1024 * 1024);
    expect(parseSize('1.5g', 'x')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('500K', 'x')).toBe(512000);
    expect(() => parseSize('fast', 'limit-rate')).toThrow(/--limit-rate.*'fast'/);
    expect(() => parseSize('0', 'x')).toThrow(UsageError);
  });

  it('parses counts and emails', () => {
    expect(parseCount('8', 'concurrency', 1, 64)).toBe(8);
    expect(() => parseCount('0', 'concurrency', 1, 64)).toThrow(/1 to 64/);
    expect(() => parseCount('2.5', 'concurrency', 1, 64)).toThrow(UsageError);
    expect(parseEmails(['a@b.c, d@e.f', 'g@h.i'], 'to')).toEqual(['a@b.c', 'd@e.f', 'g@h.i']);
    expect(() => parseEmails(['nope'], 'to')).toThrow(/'nope'/);
  });
});
