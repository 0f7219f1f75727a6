// The thin bar at the bottom: aggregate up and down rates, how many transfers are active, a
// bandwidth limit when one is in force, and the conditions that stop work (offline, signed
// out, the app not answering).
import { useEffect, useState } from 'react';
import { ArrowDown, ArrowUp, CircleExclamationPoint, Gauge, WifiOff } from 'lucide-react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useServices } from '../../services';
import { aggregate } from '../../stores/selectors';
import { formatRate, plural } from '../../ui/format';
import { serverName } from '../account/account-words';
import { useAnnouncer } from './use-announcer';

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function StatusBar() {
  const { transfers, account } = useServices();
  const agg = useStore(transfers, useShallow(aggregate));
  const { a, settings, connection } = useStore(
    account,
    useShallow((s) => ({ a: s.account, settings: s.settings, connection: s.connection })),
  );
  const online = useOnline();
  const announced = useAnnouncer(useServices());
  const upLimit = settings?.uploadLimitBytesPerSecond ?? null;
  const downLimit = settings?.downloadLimitBytesPerSecond ?? null;

  return (
    <footer className="statusbar" aria-label="Status">
      <div className="sr-only" aria-live="polite" data-testid="announcer">
        {announced}
      </div>
      <span className="status-item num" title="Upload rate">
        <ArrowUp size={13} aria-hidden="true" />
        <span className="sr-only">Up </span>
        {formatRate(agg.up)}
      </span>
      <span className="status-item num" title="Download rate">
        <ArrowDown size={13} aria-hidden="true" />
        <span className="sr-only">Down </span>
        {formatRate(agg.down)}
      </span>
      <span className="status-item num">
        {agg.active === 0 ? 'Nothing active' : `${plural(agg.active, 'transfer')} active`}
      </span>
      {(upLimit !== null || downLimit !== null) && (
        <span className="status-item num">
          <Gauge size={13} aria-hidden="true" />
          Limit{' '}
          {[
            upLimit !== null ? `↑ ${formatRate(upLimit)}` : '',
            downLimit !== null ? `↓ ${formatRate(downLimit)}` : '',
          ]
            .filter(Boolean)
            .join(' · ')}
          {settings?.scheduleInForce && (
            <span className="muted"> (scheduled: {settings.scheduleInForce})</span>
          )}
        </span>
      )}
      <span className="status-spacer" />
      {connection === 'connecting' && <span className="status-item">Connecting…</span>}
      {connection === 'unreachable' && (
        <span className="status-item status-problem">
          <CircleExclamationPoint size={13} aria-hidden="true" />
          Not connected to the app
        </span>
      )}
      {!online && (
        <span className="status-item status-problem">
          <WifiOff size={13} aria-hidden="true" />
          Offline
        </span>
      )}
      {a?.state === 'signed-out' && <span className="status-item status-problem">Signed out</span>}
      {a && (
        <span className="status-item status-server" title={a.serverUrl}>
          <span className={`status-dot${a.production ? '' : ' is-local'}`} aria-hidden="true" />
          {serverName(a.serverUrl, a.production)}
        </span>
      )}
    </footer>
  );
}
