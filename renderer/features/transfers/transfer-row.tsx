// One transfer of the queue. It subscribes to its own snapshot only, so a progress tick
// re-renders one row. Name, direction, state in words, percent, bytes, rate, ETA; the actions
// the state allows; the error with the action that fixes it; and, opened, its files.
import { memo, useState } from 'react';
import { ArrowDown, ArrowUp, ChevronDown, ChevronRight } from 'lucide-react';
import { useStore } from 'zustand';
import type { TransferView } from '../../../shared/schemas/transfer-view';
import { useServices } from '../../services';
import { formatBytes, formatEta, formatRate, percentOf, plural } from '../../ui/format';
import { IconButton } from '../../ui/icon-button';
import { ProgressBar } from '../../ui/progress-bar';
import { StateBadge } from '../../ui/state-badge';
import { toneOf } from '../../ui/state-tone';
import { CancelDialog } from './cancel-dialog';
import { RowActions } from './row-actions';
import { RowNotice } from './row-notice';
import { TransferFiles } from './transfer-files';
import { useTransferAction } from './use-transfer-action';

export const TransferRow = memo(function TransferRow({ id }: { id: string }) {
  const { transfers, ui } = useServices();
  const t = useStore(transfers, (s) => s.byId[id]);
  const expanded = useStore(ui, (s) => s.expanded[id] === true);
  const toggle = useStore(ui, (s) => s.toggleExpanded);
  const act = useTransferAction();
  const [confirming, setConfirming] = useState(false);
  if (!t) return null;

  const label = `${t.kind === 'upload' ? 'Upload' : 'Download'} ${t.name}`;
  const tone = toneOf(t.state);
  const pct = percentOf(t.bytesDone, t.bytesTotal);
  const filesId = `files-${id}`;

  return (
    <div className={`row tone-${tone}${expanded ? ' is-expanded' : ''}`}>
      <div className="row-grid">
        <IconButton
          label={`${expanded ? 'Hide' : 'Show'} files of ${t.name}`}
          tooltip={expanded ? 'Hide files' : 'Show files'}
          icon={expanded ? ChevronDown : ChevronRight}
          size="sm"
          aria-expanded={expanded}
          aria-controls={expanded ? filesId : undefined}
          onClick={() => toggle(id)}
          className="row-expand"
        />
        <span className={`row-kind kind-${t.kind}`} aria-hidden="true">
          {t.kind === 'upload' ? <ArrowUp size={16} /> : <ArrowDown size={16} />}
        </span>
        <div className="row-main">
          <div className="row-title">
            <span className="row-name">{t.name}</span>
            {t.place && <span className="row-place">{t.place}</span>}
          </div>
          <ProgressBar
            value={t.bytesDone}
            max={t.bytesTotal}
            tone={tone}
            striped={t.state === 'finalizing'}
            label={`${label} progress`}
            valueText={`${pct} %, ${formatBytes(t.bytesDone)} of ${formatBytes(t.bytesTotal)}`}
          />
          <div className="row-meta num">
            <StateBadge state={t.state} />
            <span className="row-pct">{pct} %</span>
            <span>
              {formatBytes(t.bytesDone)} of {formatBytes(t.bytesTotal)}
            </span>
            <span className="row-files">
              {t.filesDone.toLocaleString('en-US')} of {plural(t.filesTotal, 'file')}
            </span>
          </div>
        </div>
        <RowRate t={t} />
        <RowActions t={t} act={act} onCancel={() => setConfirming(true)} />
      </div>
      <RowNotice t={t} act={act} />
      {expanded && <TransferFiles id={id} domId={filesId} />}
      {confirming && (
        <CancelDialog
          t={t}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await act('transfers:cancel', id);
            setConfirming(false);
          }}
        />
      )}
    </div>
  );
});

function RowRate({ t }: { t: TransferView }) {
  if (t.state !== 'transferring') return <div className="row-rate" />;
  return (
    <div className="row-rate num">
      <span className="row-rate-value">{formatRate(t.rateBytesPerSecond)}</span>
      <span className="row-eta">
        {t.etaSeconds === null ? 'estimating…' : `${formatEta(t.etaSeconds)} left`}
      </span>
    </div>
  );
}
