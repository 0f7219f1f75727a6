// The places of the sidebar, in order, with their icon and shortcut (Ctrl/Cmd + 1…5).
import {
  ArrowDownUp,
  Download,
  RotateCcwClock,
  Send,
  Settings,
  type LucideIcon,
} from 'lucide-react';
import type { Place } from '../../stores/ui-store';

export interface PlaceEntry {
  place: Place;
  label: string;
  icon: LucideIcon;
}

export const SIDEBAR_PLACES: readonly PlaceEntry[] = [
  { place: 'transfers', label: 'Transfers', icon: ArrowDownUp },
  { place: 'send', label: 'Send', icon: Send },
  { place: 'receive', label: 'Receive', icon: Download },
  { place: 'history', label: 'History', icon: RotateCcwClock },
  { place: 'settings', label: 'Settings', icon: Settings },
];
