// Cancelling destroys something, so it is confirmed, and the dialog says exactly what: an
// upload's package and what was sent are deleted from MASV; a download keeps the files that
// finished and deletes the unfinished ones.
import type { TransferView } from '../../../shared/schemas/transfer-view';
import { ConfirmDialog } from '../../ui/dialog';
import { formatBytes, plural } from '../../ui/format';

interface Props {
  t: TransferView;
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}

export function CancelDialog({ t, onConfirm, onCancel }: Props) {
  const upload = t.kind === 'upload';
  return (
    <ConfirmDialog
      title={upload ? `Cancel the upload of “${t.name}”?` : `Cancel the download of “${t.name}”?`}
      confirmLabel={upload ? 'Cancel upload' : 'Cancel download'}
      cancelLabel={upload ? 'Keep uploading' : 'Keep downloading'}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {upload && t.packageId === undefined ? (
        <p>Nothing reached MASV yet. The upload is dropped; the files on this computer stay.</p>
      ) : upload ? (
        <p>
          The package is deleted from MASV, with the {formatBytes(t.bytesDone)} already sent
          {t.filesTotal > 0
            ? ` (${plural(t.filesDone, 'file')} of ${t.filesTotal.toLocaleString('en-US')} complete)`
            : ''}
          . Recipients can no longer get it. The files on this computer are not touched.
        </p>
      ) : (
        <p>
          The download stops. {plural(t.filesDone, 'finished file')}{' '}
          {t.filesDone === 1 ? 'stays' : 'stay'}
          {t.destination ? ` in ${t.destination}` : ''}; unfinished files are deleted.
        </p>
      )}
      <p className="muted">This cannot be undone.</p>
    </ConfirmDialog>
  );
}
