// The whole window is a drop target for files and folders. In the desktop app the preload
// turns each dropped File into its path (webUtils.getPathForFile); main then scans the paths
// like the ones from the open dialog. A browser (the preview) gives no paths: the window says
// so instead of silently doing nothing.
import { useEffect, useState } from 'react';
import { messageOf } from '../../api/bridge';
import type { Services } from '../../services';

export const NO_PATHS_NOTE = 'Dropping works in the desktop app; use Add files here.';

export function dropPaths(s: Services, files: readonly File[]): void {
  if (files.length === 0) return;
  const paths = files.map((f) => s.api.pathForFile(f)).filter((p) => p !== '');
  const staging = s.staging.getState();
  s.ui.getState().go('send');
  if (paths.length === 0) {
    staging.setDropNote(NO_PATHS_NOTE);
    return;
  }
  staging.setDropNote(null);
  staging.setError(null);
  s.api.invoke('staging:add-paths', { paths }).then(
    (snap) => s.staging.getState().setSnapshot(snap),
    (e: unknown) => s.staging.getState().setError(messageOf(e)),
  );
}

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/** True while files are dragged over the window (the overlay shows). */
export function useWindowDrop(s: Services): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child; count them to know when the drag left.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setOver(true);
    };
    const overWindow = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      // Always prevent: an unhandled file drop makes the browser navigate to the file.
      e.preventDefault();
      depth = 0;
      setOver(false);
      dropPaths(s, [...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [s]);
  return over;
}
