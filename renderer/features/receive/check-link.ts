// Asks main to parse a link (typed in Receive or pasted anywhere in the window). Main keeps the
// secret and answers with a preview and an opaque token, or says why the text is no link.
import { messageOf } from '../../api/bridge';
import type { Services } from '../../services';

export async function checkLink(s: Services, text: string): Promise<void> {
  s.links.getState().set({ text, busy: 'checking', error: null, checked: null });
  try {
    const checked = await s.api.invoke('links:parse', { text });
    s.links.getState().set({ checked, busy: 'idle' });
  } catch (e) {
    s.links.getState().set({ error: messageOf(e), busy: 'idle' });
  }
}
