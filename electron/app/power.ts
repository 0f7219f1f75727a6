// Keeps the machine from suspending only while a transfer is moving bytes: a sleeping laptop
// would stall a multi-hour upload, but an idle tray app must not keep the machine awake.
import type { TransferSnapshot } from '../../shared/transfers';

export interface PowerBlockerApi {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

const ACTIVE: ReadonlySet<TransferSnapshot['state']> = new Set([
  'preparing',
  'transferring',
  'finalizing',
]);

export class PowerGuard {
  private blockerId: number | undefined;

  constructor(private readonly api: PowerBlockerApi) {}

  /** Call with the current list after every state change. */
  update(transfers: readonly TransferSnapshot[]): void {
    const busy = transfers.some((t) => ACTIVE.has(t.state));
    if (busy && this.blockerId === undefined)
      this.blockerId = this.api.start('prevent-app-suspension');
    if (!busy && this.blockerId !== undefined) {
      this.api.stop(this.blockerId);
      this.blockerId = undefined;
    }
  }

  get holding(): boolean {
    return this.blockerId !== undefined;
  }
}
