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
  | 'transfers:copy-link';

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
