// What is staged for the next upload, as main scanned it, plus what the window itself noticed
// about a drop (a browser gives no paths for dropped files).
import { createStore } from 'zustand/vanilla';
import type { StagingSnapshot } from '../../shared/ipc/contract';

const EMPTY: StagingSnapshot = {
  items: [],
  scanning: [],
  errors: [],
  totals: { files: 0, bytes: 0, folders: 0, emptyFiles: 0, skipped: 0 },
};

export interface StagingState {
  snapshot: StagingSnapshot;
  /** A note about the last drop ("Dropping works in the desktop app…"), null when none. */
  dropNote: string | null;
  /** A staging call that failed (the dialog, removing an item), in user words. */
  error: string | null;
  setSnapshot: (snapshot: StagingSnapshot) => void;
  setDropNote: (note: string | null) => void;
  setError: (error: string | null) => void;
}

export function createStagingStore() {
  return createStore<StagingState>()((set) => ({
    snapshot: EMPTY,
    dropNote: null,
    error: null,
    setSnapshot: (snapshot) => set({ snapshot }),
    setDropNote: (dropNote) => set({ dropNote }),
    setError: (error) => set({ error }),
  }));
}

export type StagingStore = ReturnType<typeof createStagingStore>;
