import { useStore } from 'zustand';
import type { AppApi } from '../../api/bridge';
import type { TransfersStore } from '../../stores/transfers-store';
import { formatBytes, formatEta } from './format';

interface Props {
  id: string;
  store: TransfersStore;
  api: AppApi;
}

/** One transfer; subscribes to its own snapshot only. */
export function TransferRow({ id, store, api }: Props) {
  const t = useStore(store, (s) => s.byId[id]);
  if (!t) return null;
  const canPause = t.state === 'transferring' || t.state === 'preparing' || t.state === 'queued';
  const canResume = t.state === 'paused' || t.state === 'failed';
  const label = `${t.kind === 'upload' ? 'Upload' : 'Download'} ${t.name}`;
  return (
    <li className="row" aria-label={label}>
      <div>
        <div>
          <strong>{t.name}</strong> · {t.state}
        </div>
        <progress max={t.bytesTotal || 1} value={t.bytesDone} aria-label={`${label} progress`} />
        <div>
          {formatBytes(t.bytesDone)} of {formatBytes(t.bytesTotal)} ·{' '}
          {formatBytes(t.rateBytesPerSecond)}/s · ETA {formatEta(t.etaSeconds)}
        </div>
        {t.error && (
          <div className="error" role="alert">
            {t.error.message}
          </div>
        )}
      </div>
      {canPause && (
        <button type="button" onClick={() => void api.invoke('transfers:pause', { id })}>
          Pause
        </button>
      )}
      {canResume && (
        <button type="button" onClick={() => void api.invoke('transfers:resume', { id })}>
          Resume
        </button>
      )}
    </li>
  );
}
