// Reading a password without putting it on the command line: from a pipe (--password-stdin)
// or from the terminal with echo off.
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

export interface InStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

/** Whole stdin, without the final line break (`echo pw | masv login … --password-stdin`). */
export async function readAllStdin(stdin: InStream, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > maxBytes)
      throw new CliError('usage', 'standard input is too long for a password', ExitCode.usage);
    chunks.push(buf);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Prompts on stderr and reads one line from the TTY in raw mode, echoing nothing. */
export function promptHidden(
  stdin: InStream,
  stderr: { write(t: string): unknown },
  question: string,
): Promise<string> {
  if (stdin.isTTY !== true || stdin.setRawMode === undefined) {
    return Promise.reject(
      new CliError(
        'usage',
        'no terminal to ask for the password; use --password-stdin',
        ExitCode.usage,
      ),
    );
  }
  const setRaw = stdin.setRawMode.bind(stdin);
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err: Error | null) => {
      stdin.removeListener('data', onData);
      setRaw(false);
      stdin.pause();
      stderr.write('\n');
      if (err === null) resolve(value);
      else reject(err);
    };
    const onData = (data: Buffer | string) => {
      for (const ch of typeof data === 'string' ? data : data.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(null);
        // Raw mode turns Ctrl-C into a character instead of SIGINT.
        if (ch === '\u0003')
          return done(new CliError('interrupted', 'interrupted', ExitCode.interrupted));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    setRaw(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
