// Modal dialogs, used only to confirm what destroys something. Focus moves in and is trapped
// (Tab cycles, the rest of the window is inert), Escape closes, and focus returns to the
// control that opened it (or the place's title when that control is gone, say a removed row).
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Button } from './button';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onClose: () => void;
  /** alertdialog for confirmations: screen readers announce the body at once. */
  role?: 'dialog' | 'alertdialog';
}

export function Dialog({ title, children, actions, onClose, role = 'alertdialog' }: DialogProps) {
  const ids = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const root = document.getElementById('root');
    if (root) root.inert = true;
    // Start on the safe choice: the first action is always the one that keeps things.
    const first =
      box.current?.querySelector<HTMLElement>('[data-autofocus]') ??
      box.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      if (root) root.inert = false;
      const target = opener?.isConnected
        ? opener
        : document.querySelector<HTMLElement>('[data-focus-fallback]');
      target?.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className="dialog"
        role={role}
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-body`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${ids}-title`} className="dialog-title">
          {title}
        </h2>
        <div id={`${ids}-body`} className="dialog-body">
          {children}
        </div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>,
    document.body,
  );
}

interface ConfirmProps {
  title: string;
  /** Exactly what will be lost. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => Promise<void> | void;
  onCancel: () => void;
}

/** A destructive confirmation: the keep button comes first and has focus; Enter on it keeps. */
export function ConfirmDialog(p: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      title={p.title}
      onClose={() => !busy && p.onCancel()}
      actions={
        <>
          <Button data-autofocus onClick={p.onCancel} disabled={busy}>
            {p.cancelLabel}
          </Button>
          <Button
            variant="danger"
            busy={busy}
            onClick={() => {
              setBusy(true);
              void Promise.resolve(p.onConfirm()).finally(() => setBusy(false));
            }}
          >
            {p.confirmLabel}
          </Button>
        </>
      }
    >
      {p.children}
    </Dialog>
  );
}
