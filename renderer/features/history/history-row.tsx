// One entry of the history: what moved, when, how much and how fast, where it went, and why it
// failed; with what can still be done with it (copy its link, show its folder, retry, remove).
import { ArrowDown, ArrowUp, FolderOpen, Link2, Package, RotateCcw, X } from 'lucide-react';
import type { HistoryItem, RemotePackage } from '../../../shared/ipc/contract';
import { formatBytes, formatEta, formatRate, plural } from '../../ui/format';
import { Button } from '../../ui/button';
import { IconButton } from '../../ui/icon-button';
import { StateBadge } from '../../ui/state-badge';
import { toneOf } from '../../ui/state-tone';

export type HistoryAction =
  'history:copy-link' | 'history:show-in-folder' | 'history:retry' | 'history:remove';

export function when(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export function HistoryRow({
  item,
  act,
}: {
  item: HistoryItem;
  act: (channel: HistoryAction, item: HistoryItem) => void;
}) {
  const upload = item.kind === 'upload';
  const facts = [
    formatBytes(item.bytesTotal),
    plural(item.filesTotal, 'file'),
    item.durationSeconds > 0 ? formatEta(item.durationSeconds) : null,
    item.averageRate > 0 ? `${formatRate(item.averageRate)} average` : null,
    when(item.finishedAt),
  ].filter(Boolean);
  return (
    <div className={`hist-row tone-${toneOf(item.state)}`}>
      <span className={`row-kind kind-${item.kind}`} aria-hidden="true">
        {upload ? <ArrowUp size={16} /> : <ArrowDown size={16} />}
      </span>
      <div className="hist-main">
        <div className="hist-title">
          <span className="row-name">{item.name}</span>
          <StateBadge state={item.state} />
        </div>
        <div className="hist-meta">{facts.join(' · ')}</div>
        {item.destination && (
          <div className="hist-meta hist-path" title={item.destination}>
            {upload ? 'From ' : 'Into '}
            {item.destination}
          </div>
        )}
        {item.error && item.state === 'failed' && (
          <p className="hist-error">{item.error.message}</p>
        )}
      </div>
      <div className="hist-actions">
        {item.canRetry && (
          <Button size="sm" icon={RotateCcw} onClick={() => act('history:retry', item)}>
            Retry
          </Button>
        )}
        {item.hasLink && (
          <IconButton
            label={`Copy link of ${item.name}`}
            tooltip="Copy link"
            icon={Link2}
            tone="accent"
            onClick={() => act('history:copy-link', item)}
          />
        )}
        {item.destination && (
          <IconButton
            label={`Show ${item.name} in its folder`}
            tooltip="Show in folder"
            icon={FolderOpen}
            onClick={() => act('history:show-in-folder', item)}
          />
        )}
        <IconButton
          label={`Remove ${item.name} from history`}
          tooltip="Remove from history"
          icon={X}
          onClick={() => act('history:remove', item)}
        />
      </div>
    </div>
  );
}

export function RemoteRow({ pkg }: { pkg: RemotePackage }) {
  const facts = [
    pkg.sender ? `Sent by ${pkg.sender}` : null,
    formatBytes(pkg.size),
    plural(pkg.fileCount, 'file'),
    when(pkg.createdAt),
    pkg.expiry ? `expires ${when(pkg.expiry)}` : null,
  ].filter(Boolean);
  return (
    <div className="hist-row tone-complete">
      <span className="row-kind kind-upload" aria-hidden="true">
        <Package size={16} />
      </span>
      <div className="hist-main">
        <div className="hist-title">
          <span className="row-name">{pkg.name}</span>
          {pkg.state && <span className="hist-tag">{pkg.state}</span>}
        </div>
        <div className="hist-meta">{facts.join(' · ')}</div>
      </div>
    </div>
  );
}
