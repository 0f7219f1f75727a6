// The keyboard shortcuts, opened with `?` (or Ctrl/Cmd + /) and closed with Escape.
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SHORTCUTS } from './use-shortcuts';

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      role="dialog"
      onClose={onClose}
      actions={
        <Button data-autofocus onClick={onClose}>
          Close
        </Button>
      }
    >
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Tab moves through every control; Enter or Space uses it.</p>
    </Dialog>
  );
}
