// Where command output goes. Human results → stdout, progress and diagnostics → stderr.
// With --json, stdout carries exactly one JSON document, written when the command ends.
import type { Failure } from './cli-error';

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class Output {
  private jsonWritten = false;

  constructor(
    readonly stdout: OutStream,
    readonly stderr: OutStream,
    readonly json: boolean,
  ) {}

  /** A human result line (suppressed in JSON mode, where the document says it all). */
  line(text: string): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** A diagnostic for humans on stderr (hints, warnings); kept in JSON mode too. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** The final JSON document of a successful command. */
  result(doc: Record<string, unknown>): void {
    if (!this.json || this.jsonWritten) return;
    this.jsonWritten = true;
    this.stdout.write(`${JSON.stringify({ ok: true, ...doc })}\n`);
  }

  failure(f: Failure, extra: Record<string, unknown> = {}): void {
    const hint =
      f.command === undefined ? '' : ` (see masv ${f.command === '' ? '' : `${f.command} `}--help)`;
    this.stderr.write(`masv: ${f.message}${hint}\n`);
    if (this.json && !this.jsonWritten) {
      this.jsonWritten = true;
      this.stdout.write(
        `${JSON.stringify({ ok: false, error: { code: f.code, message: f.message }, exitCode: f.exitCode, ...extra })}\n`,
      );
    }
  }
}
