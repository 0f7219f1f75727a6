// What goes into the next upload, as main's scanner saw it: each chosen file or folder with its
// count and size, the totals (folders kept, empty files) and what will be skipped and why,
// before anything is sent. Files come from the open dialog or a drop on the window.
import { useEffect, useRef, useState } from 'react';
import {
  ChevronDown,
  ChevronRight,
  CircleExclamationPoint,
  CloudUpload,
  File,
  FilePlus,
  Folder,
  FolderPlus,
  X,
} from 'lucide-react';
import { useStore } from 'zustand';
import type { StagedItem } from '../../../shared/ipc/contract';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { formatBytes, plural } from '../../ui/format';
import { IconButton } from '../../ui/icon-button';

export function StagingPanel() {
  const { api, staging } = useServices();
  const snap = useStore(staging, (s) => s.snapshot);
  const dropNote = useStore(staging, (s) => s.dropNote);
  const error = useStore(staging, (s) => s.error);
  const empty = snap.items.length === 0 && snap.scanning.length === 0 && snap.errors.length === 0;
  const head = useRef<HTMLDivElement>(null);
  const lastPick = useRef<'files' | 'folders'>('files');

  // The drop zone's buttons go away once something is staged; a keyboard user keeps their
  // place on the same button in the list's head instead of falling back to the page.
  useEffect(() => {
    if (empty || (document.activeElement && document.activeElement !== document.body)) return;
    head.current
      ?.querySelector<HTMLElement>(`[data-pick="${lastPick.current}"]`)
      ?.focus({ preventScroll: true });
  }, [empty]);

  const run = (op: () => Promise<unknown>) => {
    staging.getState().setError(null);
    staging.getState().setDropNote(null);
    op().catch((e: unknown) => staging.getState().setError(messageOf(e)));
  };
  const pick = (kind: 'files' | 'folders') => {
    lastPick.current = kind;
    run(async () => staging.getState().setSnapshot(await api.invoke('staging:pick', { kind })));
  };
  const remove = (id: string) =>
    run(async () => staging.getState().setSnapshot(await api.invoke('staging:remove', { id })));
  const clear = () =>
    run(async () => staging.getState().setSnapshot(await api.invoke('staging:clear')));

  const addButtons = (
    <>
      <Button icon={FilePlus} onClick={() => pick('files')} data-pick="files">
        Add files
      </Button>
      <Button icon={FolderPlus} onClick={() => pick('folders')} data-pick="folders">
        Add folders
      </Button>
    </>
  );

  return (
    <section className="card staging" aria-labelledby="staging-title">
      <div className="card-head">
        <h2 id="staging-title" className="card-title">
          Files
        </h2>
        {!empty && (
          <div className="card-head-actions" ref={head}>
            {addButtons}
            <Button variant="ghost" onClick={clear}>
              Clear
            </Button>
          </div>
        )}
      </div>
      {(dropNote ?? error) && (
        <p className={`notice ${error ? 'notice-failed' : 'notice-info'}`} role="alert">
          {error ?? dropNote}
        </p>
      )}
      {empty ? (
        <div className="dropzone">
          <CloudUpload size={32} strokeWidth={1.5} aria-hidden="true" className="dropzone-icon" />
          <p className="dropzone-title">Drop files or folders here</p>
          <p className="dropzone-body">Folders keep their structure. System junk is left out.</p>
          <div className="dropzone-actions">{addButtons}</div>
        </div>
      ) : (
        <>
          <ul className="staged-list" aria-label="Staged files and folders">
            {snap.items.map((item) => (
              <StagedRow key={item.id} item={item} onRemove={() => remove(item.id)} />
            ))}
            {snap.scanning.map((path) => (
              <li key={path} className="staged-row is-scanning">
                <span className="spinner" aria-hidden="true" />
                <span className="staged-name">
                  <span className="staged-title">{basename(path)}</span>
                  <span className="staged-path">Checking…</span>
                </span>
              </li>
            ))}
            {snap.errors.map((e) => (
              <li key={e.path} className="staged-row is-error">
                <CircleExclamationPoint size={16} aria-hidden="true" className="staged-icon" />
                <span className="staged-name">
                  <span className="staged-title">{basename(e.path)}</span>
                  <span className="staged-path">{e.message}</span>
                </span>
              </li>
            ))}
          </ul>
          <StagingSummary />
        </>
      )}
    </section>
  );
}

function StagedRow({ item, onRemove }: { item: StagedItem; onRemove: () => void }) {
  const Icon = item.kind === 'folder' ? Folder : File;
  return (
    <li className="staged-row">
      <Icon size={16} aria-hidden="true" className={`staged-icon kind-${item.kind}`} />
      <span className="staged-name">
        <span className="staged-title">{item.name}</span>
        <span className="staged-path selectable" title={item.path}>
          {/* The path is cut at its start when long (rtl box); the mark keeps its slashes in place. */}
          {'\u200e'}
          {parentOf(item.path)}
        </span>
      </span>
      <span className="staged-size num">
        {item.kind === 'folder' && <span className="muted">{plural(item.files, 'file')} · </span>}
        {formatBytes(item.bytes)}
      </span>
      <IconButton
        label={`Remove ${item.name}`}
        tooltip="Remove"
        icon={X}
        size="sm"
        onClick={onRemove}
      />
    </li>
  );
}

/** The totals, and the skipped entries with why, before anything starts. */
function StagingSummary() {
  const snap = useStore(useServices().staging, (s) => s.snapshot);
  const [open, setOpen] = useState(false);
  const t = snap.totals;
  // Shown from the chosen item down ("Shoot/.DS_Store"): the folders above it say nothing new.
  const skipped = snap.items.flatMap((i) =>
    i.skipped.map((s) => ({ ...s, path: relativeTo(parentOf(i.path), s.path) })),
  );
  return (
    <div className="summary" role="group" aria-label="Summary">
      <dl className="stats">
        <Stat label="Files" value={t.files.toLocaleString('en-US')} />
        <Stat label="Total size" value={formatBytes(t.bytes)} />
        <Stat label="Folders kept" value={t.folders.toLocaleString('en-US')} />
        <Stat label="Empty files" value={t.emptyFiles.toLocaleString('en-US')} />
        <Stat
          label="Skipped"
          value={t.skipped.toLocaleString('en-US')}
          tone={t.skipped > 0 ? 'warn' : undefined}
        />
      </dl>
      {t.skipped > 0 && (
        <div className="skipped">
          <button
            type="button"
            className="disclosure"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? (
              <ChevronDown size={14} aria-hidden="true" />
            ) : (
              <ChevronRight size={14} aria-hidden="true" />
            )}
            {plural(t.skipped, 'item')} will not be sent
          </button>
          {open && (
            <ul className="skipped-list" aria-label="Will not be sent">
              {skipped.map((s) => (
                <li key={s.path}>
                  <span className="mono selectable">{s.path}</span>
                  <span className="muted"> — {s.reason}</span>
                </li>
              ))}
              {skipped.length < t.skipped && (
                <li className="muted">… and {t.skipped - skipped.length} more</li>
              )}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: 'warn' }) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd className="num">{value}</dd>
    </div>
  );
}

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? path.slice(0, cut + 1) : path.slice(0, cut);
}

function relativeTo(dir: string, path: string): string {
  return dir !== '' && path.startsWith(dir) ? path.slice(dir.length).replace(/^[\\/]/, '') : path;
}

function basename(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
