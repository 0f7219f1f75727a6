// The destination form of the next upload, kept while the user looks elsewhere in the window
// (the staged files themselves live in main).
import { createStore } from 'zustand/vanilla';
import type { PortalInfo } from '../../shared/ipc/contract';
import type { Chip } from '../ui/chips';

export type DestinationKind = 'team' | 'portal';

export interface SendDraft {
  kind: DestinationKind;
  name: string;
  /** False until the user types a name; until then it follows what is staged. */
  nameTouched: boolean;
  message: string;
  recipients: Chip[];
  usePassword: boolean;
  password: string;
  /** Leave the package open for more files; it is finalized later from its row. */
  keepOpen: boolean;
  subdomain: string;
  portal: PortalInfo | null;
  senderEmail: string;
  accessCode: string;
}

export interface SendDraftState extends SendDraft {
  set: (patch: Partial<SendDraft>) => void;
  /** After a send: the package fields empty, the way of sending and the sender stay. */
  reset: () => void;
}

const FRESH: Omit<SendDraft, 'kind' | 'senderEmail' | 'subdomain' | 'portal'> = {
  name: '',
  nameTouched: false,
  message: '',
  recipients: [],
  usePassword: false,
  password: '',
  keepOpen: false,
  accessCode: '',
};

export function createSendDraftStore() {
  return createStore<SendDraftState>()((set) => ({
    kind: 'team',
    senderEmail: '',
    subdomain: '',
    portal: null,
    ...FRESH,
    set: (patch) => set(patch),
    reset: () => set({ ...FRESH }),
  }));
}

export type SendDraftStore = ReturnType<typeof createSendDraftStore>;
