// A tooltip for icon-only controls, shown on hover and on keyboard focus (a native `title`
// shows on neither reliably). Rendered in a portal with fixed coordinates so scrolling lists
// never clip it. It repeats the control's accessible name, so it is hidden from screen readers.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const SHOW_DELAY_MS = 450;

interface Position {
  top: number;
  left: number;
  above: boolean;
}

export function useTooltip(text: string): {
  anchor: {
    onMouseEnter: (e: { currentTarget: HTMLElement }) => void;
    onMouseLeave: () => void;
    onFocus: (e: { currentTarget: HTMLElement }) => void;
    onBlur: () => void;
  };
  tooltip: ReactNode;
} {
  const [pos, setPos] = useState<Position | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const hide = useCallback(() => {
    window.clearTimeout(timer.current);
    setPos(null);
  }, []);
  const showFor = useCallback((el: HTMLElement, delay: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      if (!el.isConnected) return;
      const r = el.getBoundingClientRect();
      const above = r.bottom + 40 > window.innerHeight;
      setPos({ top: above ? r.top - 6 : r.bottom + 6, left: r.left + r.width / 2, above });
    }, delay);
  }, []);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    if (!pos) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && hide();
    window.addEventListener('keydown', onKey);
    window.addEventListener('scroll', hide, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', hide, true);
    };
  }, [pos, hide]);

  return {
    anchor: {
      onMouseEnter: (e) => showFor(e.currentTarget, SHOW_DELAY_MS),
      onMouseLeave: hide,
      onFocus: (e) => {
        // Only keyboard focus: a click already shows what the button did.
        if (e.currentTarget.matches(':focus-visible')) showFor(e.currentTarget, 0);
      },
      onBlur: hide,
    },
    tooltip: pos
      ? createPortal(
          <div
            className={`tooltip${pos.above ? ' tooltip-above' : ''}`}
            aria-hidden="true"
            style={{ top: pos.top, left: pos.left }}
          >
            {text}
          </div>,
          document.body,
        )
      : null,
  };
}
