// Live progress on stderr. On a terminal: one line redrawn in place, at most 4 times a second.
// Elsewhere (pipes, CI logs): a plain line on every state change and then every few seconds,
// so logs stay short and never contain control characters.
import type { TransferSnapshot } from '../../shared/transfers';
import { plainProgressLine, progressLine } from './format';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressViewOptions {
  stream: ProgressStream;
  now?: () => number;
  /** Redraw spacing on a TTY; 250 ms = 4 redraws per second. */
  ttyIntervalMs?: number;
  /** Spacing of plain lines when not a TTY. */
  plainIntervalMs?: number;
  /** Draw nothing (used with --json and --quiet). */
  silent?: boolean;
}

const CLEAR_LINE = '\r\x1b[2K';

export class ProgressView {
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly tty: boolean;
  private readonly ttyIntervalMs: number;
  private readonly plainIntervalMs: number;
  private readonly silent: boolean;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private lastState: string | undefined;
  private lineOpen = false;
  private latest: TransferSnapshot | undefined;
  redraws = 0;

  constructor(options: ProgressViewOptions) {
    this.stream = options.stream;
    this.now = options.now ?? Date.now;
    this.tty = options.stream.isTTY === true;
    this.ttyIntervalMs = options.ttyIntervalMs ?? 250;
    this.plainIntervalMs = options.plainIntervalMs ?? 5000;
    this.silent = options.silent === true;
  }

  update(snapshot: TransferSnapshot): void {
    this.latest = snapshot;
    if (this.silent) return;
    const stateChanged = snapshot.state !== this.lastState;
    const interval = this.tty ? this.ttyIntervalMs : this.plainIntervalMs;
    const t = this.now();
    if (!stateChanged && t - this.lastDrawAt < interval) return;
    this.lastState = snapshot.state;
    this.lastDrawAt = t;
    this.draw(snapshot);
  }

  /** Prints a message on its own line without corrupting the live line. */
  message(text: string): void {
    if (this.silent) return;
    if (this.tty && this.lineOpen) this.stream.write(CLEAR_LINE);
    this.stream.write(`${text}\n`);
    if (this.tty && this.lineOpen && this.latest !== undefined) this.draw(this.latest);
  }

  /** Draws the final state once more and ends the live line. */
  finish(): void {
    if (this.silent) return;
    if (this.latest !== undefined && (this.tty || this.latest.state !== this.lastState))
      this.draw(this.latest);
    if (this.tty && this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
  }

  private draw(s: TransferSnapshot): void {
    this.redraws += 1;
    if (this.tty) {
      // A pty without a size (script, some CI shells) reports 0 columns.
      const reported = this.stream.columns ?? 0;
      const columns = reported > 0 ? reported : 80;
      this.stream.write(`${CLEAR_LINE}${progressLine(s, columns)}`);
      this.lineOpen = true;
    } else {
      this.stream.write(`${plainProgressLine(s.name, s)}\n`);
    }
  }
}
