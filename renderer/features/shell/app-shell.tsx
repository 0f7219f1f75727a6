// The frame: sidebar of places, the current place in the main pane, the status bar, the
// notifications, and the drop overlay shown while files are dragged over the window.
import { CloudUpload } from 'lucide-react';
import { useStore } from 'zustand';
import { useServices } from '../../services';
import type { Place } from '../../stores/ui-store';
import { PlaceFocus } from '../../ui/place-header';
import { Toaster } from '../../ui/toast';
import { AccountView } from '../account/account-view';
import { HistoryView } from '../history/history-view';
import { ReceiveView } from '../receive/receive-view';
import { SendView } from '../send/send-view';
import { SettingsView } from '../settings/settings-view';
import { TransfersView } from '../transfers/transfers-view';
import { Sidebar } from './sidebar';
import { StatusBar } from './status-bar';
import { ShortcutsHelp } from './shortcuts-help';
import { useShortcuts } from './use-shortcuts';
import { useWindowDrop } from './use-window-drop';

function PlaceView({ place }: { place: Place }) {
  switch (place) {
    case 'transfers':
      return <TransfersView />;
    case 'send':
      return <SendView />;
    case 'receive':
      return <ReceiveView />;
    case 'history':
      return <HistoryView />;
    case 'settings':
      return <SettingsView />;
    case 'account':
      return <AccountView />;
    default:
      return place satisfies never;
  }
}

export function AppShell() {
  const services = useServices();
  const place = useStore(services.ui, (s) => s.place);
  const moved = useStore(services.ui, (s) => s.moves > 0);
  const toasts = useStore(services.ui, (s) => s.toasts);
  const dismiss = useStore(services.ui, (s) => s.dismissToast);
  const dragging = useWindowDrop(services);
  const { help, setHelp } = useShortcuts(services);

  return (
    <div className="app">
      <Sidebar />
      <main className="pane" aria-labelledby="place-title">
        <PlaceFocus value={moved}>
          <PlaceView key={place} place={place} />
        </PlaceFocus>
      </main>
      <StatusBar />
      <Toaster toasts={toasts} onDismiss={dismiss} />
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <CloudUpload size={32} strokeWidth={1.75} />
            <p className="drop-overlay-title">Drop to add to your next upload</p>
            <p className="drop-overlay-body">
              Files and folders are checked before anything is sent.
            </p>
          </div>
        </div>
      )}
    </div>
  );
}
