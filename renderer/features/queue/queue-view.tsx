import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AppApi } from '../../api/bridge';
import type { TransfersStore } from '../../stores/transfers-store';
import { TransferRow } from './transfer-row';

interface Props {
  store: TransfersStore;
  api: AppApi;
}

/** The queue: subscribes to pushes first, then fetches the snapshot; rows are virtualised. */
export function QueueView({ store, api }: Props) {
  const order = useStore(store, (s) => s.order);
  const scroller = useRef<HTMLUListElement>(null);
  const virtual = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 72,
    overscan: 8,
  });

  useEffect(() => {
    const off = api.on('transfers:transfer-changed', (event) => store.getState().apply(event));
    void api.invoke('transfers:list').then((list) => store.getState().replaceAll(list));
    return off;
  }, [api, store]);

  if (order.length === 0) return <p>No transfers yet. Paste a MASV link or drop files to send.</p>;
  const items = virtual.getVirtualItems();
  // jsdom and first paint have no layout; render the head of the list until sizes are known.
  const visible = items.length > 0 ? items.map((i) => order[i.index]!) : order.slice(0, 50);
  return (
    <ul className="queue" ref={scroller} aria-label="Transfers">
      {visible.map((id) => (
        <TransferRow key={id} id={id} store={store} api={api} />
      ))}
    </ul>
  );
}
