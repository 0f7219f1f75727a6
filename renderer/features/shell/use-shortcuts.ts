// Window-wide keys (listed in the help overlay, `?`): Ctrl/Cmd + 1…5 open the places, + O adds
// files (+ Shift: folders), + L goes to the link field, + , opens Settings; on a transfer row
// that has the focus, P pauses or resumes it and Delete asks to cancel it. Pasting a MASV link
// anywhere outside a field opens it in Receive (checked there, nothing starts without a click).
import { useEffect, useState } from 'react';
import { messageOf } from '../../api/bridge';
import type { Services } from '../../services';
import { checkLink } from '../receive/check-link';
import { SIDEBAR_PLACES } from './places';

const isField = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

const modalOpen = () => document.querySelector('[aria-modal="true"]') !== null;

/** Something worth checking as a link: the parser in main has the last word. */
export function looksLikeLink(text: string): boolean {
  return /^(https?|masv):\/\/\S+$/i.test(text.trim());
}

/** The shortcuts as the help overlay lists them. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'Ctrl/⌘ 1 … 5', what: 'Open Transfers, Send, Receive, History, Settings' },
  { keys: 'Ctrl/⌘ O', what: 'Add files to send' },
  { keys: 'Ctrl/⌘ Shift O', what: 'Add folders to send' },
  { keys: 'Ctrl/⌘ L', what: 'Type or paste a link to download' },
  { keys: 'Ctrl/⌘ ,', what: 'Open Settings' },
  { keys: 'P', what: 'Pause or resume the transfer whose row has the focus' },
  { keys: 'Delete', what: 'Cancel the transfer whose row has the focus (asks first)' },
  { keys: '?', what: 'Show these shortcuts' },
];

/** The row's own button for an action (the row's buttons carry the transfer's name). */
function rowButton(prefixes: string[]): HTMLButtonElement | null {
  const row = document.activeElement?.closest('[data-transfer-id]');
  if (!row) return null;
  for (const b of row.querySelectorAll<HTMLButtonElement>('button[aria-label]')) {
    const label = b.getAttribute('aria-label') ?? '';
    if (prefixes.some((p) => label.startsWith(p))) return b;
  }
  return null;
}

export function useShortcuts(s: Services): { help: boolean; setHelp: (open: boolean) => void } {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const pick = (kind: 'files' | 'folders') => {
      s.ui.getState().go('send');
      s.api.invoke('staging:pick', { kind }).then(
        (snap) => s.staging.getState().setSnapshot(snap),
        (e: unknown) => s.staging.getState().setError(messageOf(e)),
      );
    };
    const onKey = (e: KeyboardEvent) => {
      if (modalOpen()) return;
      const mod = e.ctrlKey || e.metaKey;
      if (!mod && !e.altKey && !isField(e.target)) {
        if (e.key === '?') {
          e.preventDefault();
          setHelp(true);
          return;
        }
        const button =
          e.key === 'p' || e.key === 'P'
            ? rowButton(['Pause ', 'Resume '])
            : e.key === 'Delete'
              ? rowButton(['Cancel '])
              : null;
        if (button) {
          e.preventDefault();
          button.click();
        }
        return;
      }
      if (!mod || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'o') {
        e.preventDefault();
        pick(e.shiftKey ? 'folders' : 'files');
        return;
      }
      if (e.shiftKey) return;
      if (key === '/') {
        e.preventDefault();
        setHelp(true);
      } else if (key === ',') {
        e.preventDefault();
        s.ui.getState().go('settings');
      } else if (key === 'l') {
        e.preventDefault();
        s.ui.getState().go('receive');
        // After the place has rendered.
        setTimeout(() => document.querySelector<HTMLInputElement>('#link-field')?.focus(), 0);
      } else {
        const n = Number(e.key);
        const entry = Number.isInteger(n) ? SIDEBAR_PLACES[n - 1] : undefined;
        if (!entry) return;
        e.preventDefault();
        s.ui.getState().go(entry.place);
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isField(e.target) || modalOpen()) return;
      const text = e.clipboardData?.getData('text') ?? '';
      if (!looksLikeLink(text)) return;
      e.preventDefault();
      void checkLink(s, text.trim());
      s.ui.getState().go('receive');
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
    };
  }, [s]);
  return { help, setHelp };
}
