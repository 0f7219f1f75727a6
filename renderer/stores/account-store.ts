// Who is signed in, as main last said. `unknown` until the first answer; `unreachable` when the
// app itself did not answer (the window cannot do anything then).
import { createStore } from 'zustand/vanilla';
import type { AccountSnapshot, SettingsSnapshot } from '../../shared/ipc/contract';

export type Connection = 'connecting' | 'ready' | 'unreachable';

export interface AccountState {
  account: AccountSnapshot | null;
  settings: SettingsSnapshot | null;
  connection: Connection;
  setAccount: (account: AccountSnapshot) => void;
  setSettings: (settings: SettingsSnapshot) => void;
  setConnection: (connection: Connection) => void;
}

export function createAccountStore() {
  return createStore<AccountState>()((set) => ({
    account: null,
    settings: null,
    connection: 'connecting',
    setAccount: (account) => set({ account, connection: 'ready' }),
    setSettings: (settings) => set({ settings }),
    setConnection: (connection) => set({ connection }),
  }));
}

export type AccountStore = ReturnType<typeof createAccountStore>;
