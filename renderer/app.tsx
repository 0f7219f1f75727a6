import type { AppApi } from './api/bridge';
import { LinksView } from './features/links/links-view';
import { QueueView } from './features/queue/queue-view';
import type { TransfersStore } from './stores/transfers-store';

export function App({ api, store }: { api: AppApi; store: TransfersStore }) {
  return (
    <main>
      <h1>MASV Desktop</h1>
      <nav aria-label="Transfers actions">
        <button type="button" onClick={() => void api.invoke('transfers:pause-all')}>
          Pause all
        </button>{' '}
        <button type="button" onClick={() => void api.invoke('transfers:resume-all')}>
          Resume all
        </button>
      </nav>
      <LinksView api={api} />
      <QueueView api={api} store={store} />
    </main>
  );
}
