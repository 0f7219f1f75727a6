// Window-wide keys: Ctrl/Cmd + 1…5 open the places; pasting a MASV link anywhere outside a
// field opens it in Receive (checked there, nothing starts without a click).
import { useEffect } from 'react';
import type { Services } from '../../services';
import { checkLink } from '../receive/check-link';
import { SIDEBAR_PLACES } from './places';

const isField = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/** Something worth checking as a link: the parser in main has the last word. */
export function looksLikeLink(text: string): boolean {
  return /^(https?|masv):\/\/\S+$/i.test(text.trim());
}

export function useShortcuts(s: Services): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const n = Number(e.key);
      const entry = Number.isInteger(n) ? SIDEBAR_PLACES[n - 1] : undefined;
      if (!entry || document.querySelector('[aria-modal="true"]')) return;
      e.preventDefault();
      s.ui.getState().go(entry.place);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isField(e.target) || document.querySelector('[aria-modal="true"]')) return;
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
}
