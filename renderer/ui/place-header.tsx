// The top of every place: its title (where focus lands when the place opens, so keyboard and
// screen-reader users know where they are) and its primary action at the right.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';

/** True once the user (or a link) moved between places: the new place's title takes focus. */
export const PlaceFocus = createContext(false);

interface Props {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}

export function PlaceHeader({ title, subtitle, actions }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const focusOnOpen = useContext(PlaceFocus);
  useEffect(() => {
    // Not on first paint: the window opening should not grab focus for the first place.
    if (focusOnOpen) heading.current?.focus({ preventScroll: true });
  }, [focusOnOpen]);
  return (
    <header className="place-header">
      <div className="place-heading">
        <h1 ref={heading} id="place-title" tabIndex={-1} data-focus-fallback>
          {title}
        </h1>
        {subtitle && <p className="place-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="place-actions">{actions}</div>}
    </header>
  );
}
