// What every route module receives: state, storage, tokens and the shared test hooks.
import type { FaultController, RequestLog, StorageBackend } from '../types';
import type { State } from './state';
import type { TokenService } from './tokens';

export interface ApiDeps {
  state: State;
  storage: StorageBackend;
  tokens: TokenService;
  faults: FaultController;
  requestLog: RequestLog;
  now: () => number;
  /** Base URL of link pages (the API host); known only once the server listens. */
  linkBaseUrl: () => string;
  log: (line: string) => void;
  acceptDirectoryEntries: boolean;
}

export function isoNow(deps: Pick<ApiDeps, 'now'>): string {
  return new Date(deps.now()).toISOString();
}
