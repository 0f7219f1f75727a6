// Runs a queue action through main; a refusal shows as an error notification in main's words
// (the row itself updates from the pushes that follow).
import { useCallback } from 'react';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';

export type RowChannel =
  | 'transfers:pause'
  | 'transfers:resume'
  | 'transfers:retry'
  | 'transfers:cancel'
  | 'transfers:finalize'
  | 'transfers:remove'
  | 'transfers:copy-link'
  | 'transfers:show-in-folder';

const DONE: Partial<Record<RowChannel, string>> = {
  'transfers:copy-link': 'Link copied to the clipboard.',
};

export function useTransferAction(): (channel: RowChannel, id: string) => Promise<void> {
  const { api, ui } = useServices();
  return useCallback(
    async (channel, id) => {
      try {
        await api.invoke(channel, { id });
        const done = DONE[channel];
        if (done) ui.getState().toast(done, 'success');
      } catch (e) {
        ui.getState().toast(messageOf(e), 'error');
      }
    },
    [api, ui],
  );
}

/** Asks main for more files (or a folder) for an upload left open; says how many were added. */
export function useAddFiles(): (id: string, kind: 'files' | 'folders') => Promise<void> {
  const { api, ui } = useServices();
  return useCallback(
    async (id, kind) => {
      try {
        const { files } = await api.invoke('uploads:add-files', { id, kind });
        if (files > 0)
          ui.getState().toast(
            `${files} ${files === 1 ? 'file' : 'files'} added; sending now.`,
            'success',
          );
      } catch (e) {
        ui.getState().toast(messageOf(e), 'error');
      }
    },
    [api, ui],
  );
}
