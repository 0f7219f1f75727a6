// Byte counting of one upload for snapshots: acknowledged bytes (journaled parts) plus bytes in
// flight, a rate meter for the transfer and one per moving file. Failed attempts roll their
// in-flight bytes back, so progress never counts what a resume will send again.
import type { FileProgressSnapshot } from '../../../shared/transfers';
import type { Clock } from '../clock';
import { RateMeter } from '../progress';
import { activeFiles } from './failed-files';
import { filePath } from './upload-model';
import type { UploadFile, UploadModel } from './upload-model';

export class UploadProgress {
  readonly meter: RateMeter;
  private readonly fileMeters = new Map<number, RateMeter>();
  private bytesAcked = 0;
  private inflight = 0;

  constructor(
    private readonly clock: Clock,
    private readonly model: () => UploadModel,
  ) {
    this.meter = new RateMeter({ clock });
    this.recount();
  }

  /** Acknowledged plus in-flight bytes of the files still in the package. */
  get bytesDone(): number {
    return this.bytesAcked + this.inflight;
  }

  /** A new run: meters start over, in-flight bytes are gone, totals come from the model. */
  reset(): void {
    this.meter.reset();
    this.fileMeters.clear();
    for (const f of this.model().files ?? []) f.inflight = 0;
    this.recount();
  }

  /** Bytes handed to a request (negative: rolled back after a failed attempt). */
  onBytes(f: UploadFile, n: number): void {
    f.inflight += n;
    this.inflight += n;
    this.meter.sample(this.bytesDone);
    let m = this.fileMeters.get(f.i);
    if (!m) this.fileMeters.set(f.i, (m = new RateMeter({ clock: this.clock })));
    m.sample(fileBytes(f));
  }

  /** A part was acknowledged: its bytes move from in flight to done. */
  onPartDone(f: UploadFile, length: number): void {
    f.inflight -= length;
    this.inflight -= length;
    this.bytesAcked += length;
  }

  fileSettled(f: UploadFile): void {
    this.fileMeters.delete(f.i);
  }

  recount(): void {
    this.bytesAcked = activeFiles(this.model()).reduce(
      (a, f) => a + (f.done ? f.size : fileBytes({ ...f, inflight: 0 })),
      0,
    );
    this.inflight = 0;
  }

  files(): FileProgressSnapshot[] {
    return (this.model().files ?? []).map((f) => {
      const done = fileBytes(f);
      const m = this.fileMeters.get(f.i);
      return {
        path: filePath(f),
        size: f.size,
        bytesDone: done,
        state: f.dropped ? ('skipped' as const) : f.state,
        ...(f.state === 'failed' && f.error ? { error: f.error } : {}),
        ...(m && f.state === 'transferring'
          ? { rateBytesPerSecond: m.rate(), etaSeconds: m.eta(f.size - done) }
          : {}),
      };
    });
  }
}

function fileBytes(f: UploadFile): number {
  if (f.done) return f.size;
  return Math.min(f.size, f.ackedBytes + f.inflight);
}
