// The queue: uploads and downloads in one virtualised list (10,000 rows scroll smoothly; each
// row subscribes to its own transfer), pause all / resume all, and, when empty, a large drop
// target that says what to do.
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { CloudUpload, FilePlus, FolderPlus, Pause, Play, Send } from 'lucide-react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { aggregate } from '../../stores/selectors';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { plural } from '../../ui/format';
import { PlaceHeader } from '../../ui/place-header';
import { TransferRow } from './transfer-row';

const ROW_ESTIMATE = 64;

export function TransfersView() {
  const { api, transfers, ui, staging } = useServices();
  const order = useStore(transfers, (s) => s.order);
  const loaded = useStore(transfers, (s) => s.loaded);
  const counts = useStore(
    transfers,
    useShallow((s) => {
      const a = aggregate(s);
      return { active: a.active, paused: a.paused };
    }),
  );

  const all = (channel: 'transfers:pause-all' | 'transfers:resume-all') => {
    api.invoke(channel).catch((e: unknown) => ui.getState().toast(messageOf(e), 'error'));
  };
  const pick = (kind: 'files' | 'folders') => {
    ui.getState().go('send');
    api.invoke('staging:pick', { kind }).then(
      (snap) => staging.getState().setSnapshot(snap),
      (e: unknown) => staging.getState().setError(messageOf(e)),
    );
  };

  const subtitle =
    order.length === 0
      ? undefined
      : [
          counts.active > 0 ? `${counts.active.toLocaleString('en-US')} active` : null,
          counts.paused > 0 ? `${counts.paused.toLocaleString('en-US')} paused` : null,
          plural(order.length, 'transfer'),
        ]
          .filter(Boolean)
          .join(' · ');

  return (
    <>
      <PlaceHeader
        title="Transfers"
        subtitle={subtitle}
        actions={
          <>
            {order.length > 0 && (
              <>
                <Button
                  icon={Pause}
                  onClick={() => all('transfers:pause-all')}
                  disabled={counts.active === 0}
                >
                  Pause all
                </Button>
                <Button
                  icon={Play}
                  onClick={() => all('transfers:resume-all')}
                  disabled={counts.paused === 0}
                >
                  Resume all
                </Button>
              </>
            )}
            <Button variant="primary" icon={Send} onClick={() => ui.getState().go('send')}>
              New upload
            </Button>
          </>
        }
      />
      {!loaded ? (
        <div className="place-body" />
      ) : order.length === 0 ? (
        <div className="place-body place-fill">
          <EmptyState
            icon={CloudUpload}
            className="dropzone dropzone-large"
            title="No transfers yet"
            actions={
              <>
                <Button icon={FilePlus} onClick={() => pick('files')}>
                  Add files
                </Button>
                <Button icon={FolderPlus} onClick={() => pick('folders')}>
                  Add folders
                </Button>
              </>
            }
          >
            <p>Drop files or folders to send, or paste a MASV link.</p>
          </EmptyState>
        </div>
      ) : (
        <Queue order={order} />
      )}
    </>
  );
}

function Queue({ order }: { order: string[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (i) => order[i]!,
    overscan: 8,
    // First paint (and jsdom, which has no layout) renders a screenful before sizes are known.
    initialRect: { width: 1000, height: 900 },
  });
  return (
    <div ref={scroller} className="queue-scroll">
      <ul className="queue" aria-label="Transfers" style={{ height: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((item) => {
          const id = order[item.index]!;
          return (
            <QueueItem
              key={id}
              id={id}
              index={item.index}
              size={order.length}
              start={item.start}
              measure={virtual.measureElement}
            />
          );
        })}
      </ul>
    </div>
  );
}

function QueueItem({
  id,
  index,
  size,
  start,
  measure,
}: {
  id: string;
  index: number;
  size: number;
  start: number;
  measure: (el: Element | null) => void;
}) {
  const { transfers } = useServices();
  const label = useStore(transfers, (s) => {
    const t = s.byId[id];
    return t ? `${t.kind === 'upload' ? 'Upload' : 'Download'} ${t.name}` : '';
  });
  return (
    <li
      ref={measure}
      data-index={index}
      className="queue-item"
      data-transfer-id={id}
      aria-label={label}
      aria-setsize={size}
      aria-posinset={index + 1}
      style={{ transform: `translateY(${start}px)` }}
    >
      <TransferRow id={id} />
    </li>
  );
}
