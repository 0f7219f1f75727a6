// A place with nothing in it yet says what belongs there and how to get it there.
import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

interface Props {
  icon: LucideIcon;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  className?: string;
}

export function EmptyState({ icon: Icon, title, children, actions, className }: Props) {
  return (
    <div className={`empty ${className ?? ''}`}>
      <span className="empty-icon" aria-hidden="true">
        <Icon size={28} strokeWidth={1.75} />
      </span>
      <h2 className="empty-title">{title}</h2>
      {children && <div className="empty-body">{children}</div>}
      {actions && <div className="empty-actions">{actions}</div>}
    </div>
  );
}
