// An opened row: the transfer's files with their state and progress (virtualised: 10,000 files
// scroll smoothly), then what was left out and what was renamed, each with why. Main has no
// push for files, so the list is fetched when opened and refreshed while the transfer moves.
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Check, CircleDashed, Minus, X } from 'lucide-react';
import { useStore } from 'zustand';
import type { TransferFiles as Files } from '../../../shared/ipc/contract';
import type { FileView } from '../../../shared/schemas/transfer-view';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { isActive } from '../../stores/selectors';
import { formatBytes, percentOf, plural } from '../../ui/format';

const REFRESH_MS = 1000;
const FILE_ROW = 30;
/** Rows shown before the file list scrolls on its own. */
const VISIBLE_ROWS = 10;

export function TransferFiles({ id, domId }: { id: string; domId: string }) {
  const { api, transfers } = useServices();
  const moving = useStore(transfers, (s) => {
    const t = s.byId[id];
    return t !== undefined && isActive(t.state);
  });
  const [files, setFiles] = useState<Files | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      api.invoke('transfers:files', { id }).then(
        (f) => live && (setFiles(f), setError(null)),
        (e: unknown) => live && setError(messageOf(e)),
      );
    void load();
    const timer = moving ? window.setInterval(() => void load(), REFRESH_MS) : undefined;
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [api, id, moving]);

  return (
    <div id={domId} className="files">
      {error && <p className="files-note">{error}</p>}
      {!files && !error && <p className="files-note muted">Loading files…</p>}
      {files && (
        <>
          {files.files.length === 0 ? (
            <p className="files-note muted">No files yet.</p>
          ) : (
            <FileList files={files.files} />
          )}
          {files.skipped.length > 0 && (
            <section className="files-extra" aria-label="Left out">
              <h3 className="files-extra-title">
                Left out ({files.skipped.length.toLocaleString('en-US')})
              </h3>
              <ul>
                {files.skipped.map((s) => (
                  <li key={s.path}>
                    <span className="selectable" title={s.path}>
                      {packageRelative(s.path, tops(files.files))}
                    </span>
                    {s.reason && <span className="muted"> — {s.reason}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {files.renamed.length > 0 && (
            <section className="files-extra" aria-label="Renamed">
              <h3 className="files-extra-title">
                Renamed ({files.renamed.length.toLocaleString('en-US')})
              </h3>
              <ul>
                {files.renamed.map((r) => (
                  <li key={r.from}>
                    <span className="selectable">{r.from}</span>
                    <span className="muted"> → </span>
                    <span className="selectable">{r.to}</span>
                    <span className="muted"> — the name was taken or not allowed here</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** The package's top-level names ("Day 1 shoot"), from its files' package-relative paths. */
function tops(files: readonly FileView[]): string[] {
  return [...new Set(files.map((f) => f.path.split('/')[0] ?? ''))].filter(Boolean);
}

/**
 * The scanner reports what it left out by local path; shown from the package's own top folder
 * down ("Day 1 shoot/.DS_Store") when it lies inside one, as the file list above shows paths.
 */
export function packageRelative(localPath: string, topNames: readonly string[]): string {
  const path = localPath.replaceAll('\\', '/');
  for (const top of topNames) {
    const at = path.lastIndexOf(`/${top}/`);
    if (at >= 0) return path.slice(at + 1);
  }
  return localPath;
}

function FileList({ files }: { files: FileView[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: files.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => FILE_ROW,
    overscan: 12,
    initialRect: { width: 800, height: FILE_ROW * VISIBLE_ROWS },
  });
  const items = virtual.getVirtualItems();
  return (
    <div
      ref={scroller}
      className="file-scroll"
      style={{ height: Math.min(files.length, VISIBLE_ROWS) * FILE_ROW }}
    >
      <ul
        className="file-list"
        aria-label={`Files, ${plural(files.length, 'file')}`}
        style={{ height: virtual.getTotalSize() }}
      >
        {items.map((item) => {
          const f = files[item.index]!;
          return (
            <li
              key={f.path}
              className={`file-row file-${f.state}`}
              aria-setsize={files.length}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <FileRow f={f} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function FileRow({ f }: { f: FileView }) {
  const cut = f.path.lastIndexOf('/');
  const dir = cut < 0 ? '' : f.path.slice(0, cut + 1);
  const name = cut < 0 ? f.path : f.path.slice(cut + 1);
  const Icon =
    f.state === 'complete'
      ? Check
      : f.state === 'failed'
        ? X
        : f.state === 'skipped'
          ? Minus
          : CircleDashed;
  return (
    <>
      <Icon size={14} aria-hidden="true" className="file-icon" />
      <span className="file-path selectable" title={f.path}>
        {dir && <span className="file-dir">{dir}</span>}
        <span className="file-name">{name}</span>
      </span>
      <span className="file-state">{f.state}</span>
      <span className="file-bar" aria-hidden="true">
        <span
          className="file-bar-fill"
          style={{ width: `${f.state === 'complete' ? 100 : percentOf(f.bytesDone, f.size)}%` }}
        />
      </span>
      <span className="file-size num">
        {f.state === 'transferring'
          ? `${formatBytes(f.bytesDone)} of ${formatBytes(f.size)}`
          : formatBytes(f.size)}
      </span>
    </>
  );
}
