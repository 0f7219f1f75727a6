// A bounded, redacted record of every request to MASV (API and storage), for the log view
// and for bug reports. Entries are redacted on the way in, so nothing secret is ever held.
import { writeFile } from 'node:fs/promises';
import { redact, redactUrl, SecretSet } from './redact';

export type ApiPlane = 'api' | 'storage';

export interface ApiLogEntry {
  /** Epoch milliseconds when the request started. */
  at: number;
  plane: ApiPlane;
  method: string;
  /** Host + path + redacted query. */
  path: string;
  /** null when no HTTP answer arrived (network error, abort, timeout). */
  status: number | null;
  ms: number;
  /** How many earlier attempts this logical call already made. */
  retries: number;
  /** Error code and redacted detail, when the call failed. */
  error?: string;
  /** The bare error code (`network`, `timeout`…) when no HTTP answer arrived. */
  errorCode?: string;
  /** The server's request id header (x-request-id, x-amz-request-id), when sent. */
  requestId?: string;
}

export interface ApiLogOptions {
  capacity?: number;
  /** Also stream each redacted entry somewhere (a file logger, the console in the CLI). */
  sink?: (entry: ApiLogEntry) => void;
  secrets?: SecretSet;
}

export class ApiLog {
  private readonly capacity: number;
  private readonly ring: ApiLogEntry[] = [];
  private start = 0;
  private readonly sink: ((entry: ApiLogEntry) => void) | undefined;
  readonly secrets: SecretSet;
  private total = 0;

  constructor(opts: ApiLogOptions = {}) {
    this.capacity = Math.max(1, opts.capacity ?? 5000);
    this.sink = opts.sink;
    this.secrets = opts.secrets ?? new SecretSet();
  }

  record(entry: ApiLogEntry): void {
    const clean: ApiLogEntry = {
      ...entry,
      path: this.secrets.scrub(redactUrl(entry.path)),
      ...(entry.error === undefined ? {} : { error: this.secrets.scrub(redact(entry.error)) }),
    };
    this.total++;
    if (this.ring.length < this.capacity) this.ring.push(clean);
    else {
      this.ring[this.start] = clean;
      this.start = (this.start + 1) % this.capacity;
    }
    this.sink?.(clean);
  }

  /** Oldest first. */
  entries(): ApiLogEntry[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }

  /** Entries ever recorded, including those the ring has dropped. */
  count(): number {
    return this.total;
  }

  clear(): void {
    this.ring.length = 0;
    this.start = 0;
  }

  /** One JSON object per line; safe to attach to a bug report. */
  toJsonLines(): string {
    return this.entries()
      .map((e) => JSON.stringify(e))
      .join('\n');
  }

  async export(file: string): Promise<void> {
    const text = this.toJsonLines();
    await writeFile(file, text.length > 0 ? `${text}\n` : '', { mode: 0o600 });
  }
}
