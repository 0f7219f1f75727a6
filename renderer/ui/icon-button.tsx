// An icon-only button: the label is its accessible name and its tooltip, so the two never drift.
import type { ButtonHTMLAttributes, Ref } from 'react';
import type { LucideIcon } from 'lucide-react';
import { useTooltip } from './tooltip';

export interface IconButtonProps extends Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'aria-label' | 'children'
> {
  label: string;
  icon: LucideIcon;
  /** Shorter words for the tooltip when the accessible name names the row ("Pause Dailies"). */
  tooltip?: string;
  tone?: 'default' | 'danger' | 'accent';
  size?: 'md' | 'sm';
  ref?: Ref<HTMLButtonElement>;
}

export function IconButton({
  label,
  icon: Icon,
  tooltip,
  tone = 'default',
  size = 'md',
  className,
  type = 'button',
  onMouseEnter,
  onMouseLeave,
  onFocus,
  onBlur,
  ref,
  ...rest
}: IconButtonProps) {
  const tip = useTooltip(tooltip ?? label);
  return (
    <>
      <button
        ref={ref}
        type={type}
        aria-label={label}
        className={`icon-btn icon-btn-${tone}${size === 'sm' ? ' icon-btn-sm' : ''} ${className ?? ''}`}
        onMouseEnter={(e) => (tip.anchor.onMouseEnter(e), onMouseEnter?.(e))}
        onMouseLeave={(e) => (tip.anchor.onMouseLeave(), onMouseLeave?.(e))}
        onFocus={(e) => (tip.anchor.onFocus(e), onFocus?.(e))}
        onBlur={(e) => (tip.anchor.onBlur(), onBlur?.(e))}
        {...rest}
      >
        <Icon size={size === 'sm' ? 15 : 16} aria-hidden="true" strokeWidth={2} />
      </button>
      {tip.tooltip}
    </>
  );
}
