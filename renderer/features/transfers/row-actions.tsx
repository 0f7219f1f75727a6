// The actions a transfer's state allows: pause and cancel while it moves, resume when paused,
// finalize or add more files when an upload was left open, copy its link and clear it from the list when done.
// Retry for a failed transfer sits with its error (RowNotice), next to what went wrong.
import {
  FilePlus,
  FolderOpen,
  FolderPlus,
  Link2,
  Pause,
  Play,
  Stamp,
  Trash,
  X,
} from 'lucide-react';
import type { TransferView } from '../../../shared/schemas/transfer-view';
import { Button } from '../../ui/button';
import { IconButton } from '../../ui/icon-button';
import { useAddFiles, type RowChannel } from './use-transfer-action';

interface Props {
  t: TransferView;
  act: (channel: RowChannel, id: string) => Promise<void>;
  onCancel: () => void;
}

export function RowActions({ t, act, onCancel }: Props) {
  const run = (channel: RowChannel) => () => void act(channel, t.id);
  const addFiles = useAddFiles();
  const cancel = (
    <IconButton
      label={`Cancel ${t.name}`}
      tooltip="Cancel…"
      icon={Trash}
      tone="danger"
      onClick={onCancel}
    />
  );
  const clear = (
    <IconButton
      label={`Clear ${t.name} from the list`}
      tooltip="Clear from list"
      icon={X}
      onClick={run('transfers:remove')}
    />
  );
  let buttons;
  switch (t.state) {
    case 'queued':
    case 'preparing':
    case 'transferring':
      buttons = (
        <>
          <IconButton
            label={`Pause ${t.name}`}
            tooltip="Pause"
            icon={Pause}
            onClick={run('transfers:pause')}
          />
          {cancel}
        </>
      );
      break;
    case 'paused':
      buttons = (
        <>
          <IconButton
            label={`Resume ${t.name}`}
            tooltip="Resume"
            icon={Play}
            tone="accent"
            onClick={run('transfers:resume')}
          />
          {cancel}
        </>
      );
      break;
    case 'idle':
      buttons = (
        <>
          <Button size="sm" icon={FilePlus} onClick={() => void addFiles(t.id, 'files')}>
            Add files
          </Button>
          <IconButton
            label={`Add a folder to ${t.name}`}
            tooltip="Add a folder"
            icon={FolderPlus}
            onClick={() => void addFiles(t.id, 'folders')}
          />
          <Button size="sm" variant="primary" icon={Stamp} onClick={run('transfers:finalize')}>
            Finalize
          </Button>
          {cancel}
        </>
      );
      break;
    case 'failed':
      // With nothing on MASV there is nothing to delete: clearing the row is all that is left.
      buttons = t.packageId === undefined && t.kind === 'upload' ? clear : cancel;
      break;
    case 'complete':
    case 'cancelled':
      buttons = (
        <>
          {t.kind === 'download' && t.state === 'complete' && t.destination && (
            <IconButton
              label={`Show ${t.name} in its folder`}
              tooltip="Show in folder"
              icon={FolderOpen}
              onClick={run('transfers:show-in-folder')}
            />
          )}
          {t.hasLink && (
            <IconButton
              label={`Copy link of ${t.name}`}
              tooltip="Copy link"
              icon={Link2}
              tone="accent"
              onClick={run('transfers:copy-link')}
            />
          )}
          {clear}
        </>
      );
      break;
    case 'finalizing':
      buttons = null;
      break;
    default:
      buttons = t.state satisfies never;
  }
  return <div className="row-actions">{buttons}</div>;
}
