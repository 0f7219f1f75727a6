// Short confirmations of what just happened ("Link copied"), announced politely and gone after
// a few seconds; errors stay until dismissed. They never carry the only way to do something.
import { useEffect } from 'react';
import { CircleCheck, CircleExclamationPoint, Info, X } from 'lucide-react';

export interface ToastItem {
  id: number;
  text: string;
  tone: 'success' | 'info' | 'error';
}

const LIFETIME_MS = 5000;

function ToastView({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (toast.tone === 'error') return;
    const t = window.setTimeout(() => onDismiss(toast.id), LIFETIME_MS);
    return () => window.clearTimeout(t);
  }, [toast, onDismiss]);
  const Icon =
    toast.tone === 'success' ? CircleCheck : toast.tone === 'error' ? CircleExclamationPoint : Info;
  return (
    <li className={`toast toast-${toast.tone}`}>
      <Icon size={16} aria-hidden="true" className="toast-icon" />
      <span className="toast-text">{toast.text}</span>
      <button
        type="button"
        className="toast-close"
        aria-label="Dismiss notification"
        onClick={() => onDismiss(toast.id)}
      >
        <X size={14} aria-hidden="true" />
      </button>
    </li>
  );
}

export function Toaster({
  toasts,
  onDismiss,
}: {
  toasts: ToastItem[];
  onDismiss: (id: number) => void;
}) {
  return (
    <section className="toaster" aria-label="Notifications">
      <div role="status" aria-live="polite">
        <ul>
          {toasts.map((t) => (
            <ToastView key={t.id} toast={t} onDismiss={onDismiss} />
          ))}
        </ul>
      </div>
    </section>
  );
}
