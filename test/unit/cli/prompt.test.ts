import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../electron/cli/cli-error';
import { promptHidden, readAllStdin } from '../../../electron/cli/prompt';
import type { InStream } from '../../../electron/cli/prompt';
import { capture } from './cli-harness';

function fakeTty(): InStream & PassThrough & { rawModes: boolean[] } {
  const s = new PassThrough() as PassThrough & InStream & { rawModes: boolean[] };
  s.isTTY = true;
  s.rawModes = [];
  s.setRawMode = (mode: boolean) => s.rawModes.push(mode);
  return s;
}

describe('password input', () => {
  it('reads a hidden line from a TTY, honours backspace and never echoes', async () => {
    const tty = fakeTty();
    const err = capture(true);
    const answer = promptHidden(tty, err, 'Password: ');
    tty.write('sekrx');
    tty.write('\u007fet\r');
    await expect(answer).resolves.toBe('sekret');
    expect(err.text).toBe('Password: \n');
    expect(tty.rawModes).toEqual([true, false]);
  });

  it('turns Ctrl-C in raw mode into an interrupted error (exit 130)', async () => {
    const tty = fakeTty();
    const answer = promptHidden(tty, capture(true), 'Password: ');
    tty.write('ab\u0003');
    const e = await answer.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(130);
  });

  it('refuses to prompt without a terminal and reads --password-stdin input', async () => {
    const pipe = new PassThrough();
    await expect(promptHidden(pipe, capture(), 'Password: ')).rejects.toThrow(/--password-stdin/);
    const stdin = new PassThrough();
    stdin.end('p@ss word\n');
    await expect(readAllStdin(stdin)).resolves.toBe('p@ss word');
  });
});
