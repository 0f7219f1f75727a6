// What a link holds, before any byte: the package (name, sender, message, size, files, expiry),
// a password prompt when it needs one, its files as a tree to pick from (with a filter), or one
// zip of everything when the service offers it; where it goes (with free space against what is
// needed) and the pre-flight report: names changed for this system, and clashes with files
// already there under the chosen rule. The chosen download is handed up through `choice`.
import { useEffect, useMemo, useState } from 'react';
import { FolderOpen, Lock } from 'lucide-react';
import { useStore } from 'zustand';
import type {
  DownloadChoice,
  DownloadPreflight,
  PackagePreview,
} from '../../../shared/schemas/link-download';
import type { OnConflict } from '../../../shared/schemas/settings';
import { codeOf, messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { CheckboxTree, type TreeNode } from '../../ui/checkbox-tree';
import { formatBytes, plural } from '../../ui/format';
import { Segmented } from '../../ui/segmented';
import { TextField } from '../../ui/text-field';
import { when } from '../history/history-row';

/** What Download sends (besides the token and a password). */
export type Choice = Omit<DownloadChoice, 'token'>;

interface Props {
  token: string;
  password: string;
  /** The download as now chosen, `nothing` when no file is ticked (called during render; the
   * parent keeps it in a ref). */
  choice: (c: Choice | 'nothing' | null) => void;
}

export function PackagePanel({ token, password, choice }: Props) {
  const { api, account } = useServices();
  const defaultPolicy = useStore(account, (s) => s.settings?.values.onConflict ?? 'rename');
  const [opened, setOpened] = useState<{ token: string; preview: PackagePreview } | null>(null);
  const [problem, setProblem] = useState<{ token: string; code: string; text: string } | null>(
    null,
  );
  const [opening, setOpening] = useState(false);
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [filter, setFilter] = useState('');
  const [zipId, setZipId] = useState<string | null>(null);
  const [destination, setDestination] = useState<string | null>(null);
  const [policy, setPolicy] = useState<OnConflict | null>(null);
  const [report, setReport] = useState<DownloadPreflight | null>(null);

  const open = (withPassword?: string) => {
    setOpening(true);
    api.invoke('links:open', { token, ...(withPassword ? { password: withPassword } : {}) }).then(
      (preview) => {
        setOpened({ token, preview });
        setProblem(null);
        setPicked(null);
        setOpening(false);
      },
      (e: unknown) => {
        setProblem({ token, code: codeOf(e), text: messageOf(e) });
        setOpening(false);
      },
    );
  };
  // Opening lists the package; it fetches no file and starts nothing.
  useEffect(() => {
    let live = true;
    api.invoke('links:open', { token }).then(
      (preview) => live && setOpened({ token, preview }),
      (e: unknown) => live && setProblem({ token, code: codeOf(e), text: messageOf(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, token]);

  const preview = opened?.token === token ? opened.preview : null;
  const shownProblem = problem?.token === token ? problem : null;
  const all = useMemo(() => new Set(preview?.files.map((f) => f.id) ?? []), [preview]);
  const selected = picked ?? all;
  const rule = policy ?? defaultPolicy;
  const subset = preview !== null && selected.size < all.size;
  const current: Choice | null =
    preview === null
      ? null
      : {
          ...(zipId !== null
            ? { zipId }
            : subset
              ? { fileIds: preview.files.filter((f) => selected.has(f.id)).map((f) => f.id) }
              : {}),
          ...(destination !== null ? { destination } : {}),
          ...(policy !== null ? { policy } : {}),
        };
  choice(current !== null && zipId === null && selected.size === 0 ? 'nothing' : current);

  const key = JSON.stringify(current);
  useEffect(() => {
    if (preview === null || key === 'null') return;
    let live = true;
    const c = JSON.parse(key) as Choice;
    if (c.fileIds?.length === 0) return;
    api.invoke('downloads:preflight', { token, ...c }).then(
      (r) => live && setReport(r),
      () => live && setReport(null),
    );
    return () => {
      live = false;
    };
  }, [api, token, preview, key]);

  const tree = useMemo(() => buildTree(preview, filter), [preview, filter]);

  if (shownProblem?.code === 'password-required' || shownProblem?.code === 'password-invalid') {
    return (
      <div className="package-lock">
        <p className="notice notice-info">
          <Lock size={14} aria-hidden="true" />
          {shownProblem.code === 'password-invalid'
            ? 'That password is not right for this link. Check it and try again.'
            : 'This link needs a password. Type it above, then open it.'}
        </p>
        <Button busy={opening} disabled={password === ''} onClick={() => open(password)}>
          Open the link
        </Button>
      </div>
    );
  }
  if (shownProblem) return <p className="form-error">{shownProblem.text}</p>;
  if (preview === null) return <p className="muted">Looking at the package…</p>;

  const visible = preview.files.filter((f) => matches(f.path, filter));
  const setAll = (on: boolean) => {
    const next = new Set(selected);
    for (const f of visible) {
      if (on) next.add(f.id);
      else next.delete(f.id);
    }
    setPicked(next);
  };
  const needed = report?.neededBytes ?? 0;
  const short = report?.freeBytes != null && report.freeBytes < needed;

  return (
    <div className="package">
      <section className="package-head" aria-label="Package">
        <h2 className="card-title">{preview.name}</h2>
        <p className="muted">
          {[
            preview.sender ? `From ${preview.sender}` : null,
            formatBytes(preview.size),
            plural(preview.fileCount, 'file'),
            preview.expiry ? `available until ${when(preview.expiry)}` : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        {preview.message && <blockquote className="package-message">{preview.message}</blockquote>}
      </section>

      {preview.zips.length > 0 && (
        <Segmented
          label="What to download"
          value={zipId ?? 'files'}
          options={[
            { value: 'files', label: 'Files' },
            ...preview.zips.map((z) => ({
              value: z.id,
              label: `One zip (${z.kind}, ${formatBytes(z.size)})`,
            })),
          ]}
          onChange={(v) => setZipId(v === 'files' ? null : v)}
        />
      )}

      {zipId === null && (
        <div className="package-files">
          <div className="package-tools">
            <TextField
              label="Filter files"
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="Part of a name or folder"
              className="package-filter"
            />
            <Button size="sm" onClick={() => setAll(true)}>
              Select all
            </Button>
            <Button size="sm" onClick={() => setAll(false)}>
              Select none
            </Button>
          </div>
          <p className="muted" aria-live="polite">
            {plural(selected.size, 'file')} of {preview.files.length.toLocaleString('en-US')}{' '}
            selected
          </p>
          {tree.length === 0 ? (
            <p className="muted">No file matches the filter.</p>
          ) : (
            <div className="package-tree">
              <CheckboxTree
                label="Files in the package"
                nodes={tree}
                checked={selected}
                onChange={(next) => setPicked(next)}
              />
            </div>
          )}
        </div>
      )}

      <div className="field">
        <span className="field-label" id={`dest-${token}`}>
          Download into
        </span>
        <div className="folder-line">
          <span className="folder-path selectable" aria-labelledby={`dest-${token}`}>
            {report?.destination ?? destination ?? '…'}
          </span>
          <Button
            icon={FolderOpen}
            onClick={() =>
              void api.invoke('dialogs:pick-folder').then(
                (r) => r.path !== null && setDestination(r.path),
                () => undefined,
              )
            }
          >
            Choose…
          </Button>
        </div>
      </div>
      <div className="field">
        <span className="field-label">When a file’s name is taken there</span>
        <Segmented
          label="When a file’s name is taken there"
          value={rule}
          options={[
            { value: 'rename', label: 'Keep both (rename)' },
            { value: 'skip', label: 'Skip it' },
            { value: 'overwrite', label: 'Replace it' },
          ]}
          onChange={setPolicy}
        />
      </div>

      {report && (
        <section className="preflight" aria-label="Before downloading">
          <p className={short ? 'form-error' : 'muted'}>
            Needs {formatBytes(report.neededBytes)}
            {report.freeBytes === null
              ? ' (free space unknown here)'
              : ` of ${formatBytes(report.freeBytes)} free`}
            {short ? ': free some space first, or choose another folder.' : '.'}
          </p>
          {report.changedNames.length > 0 && (
            <details open>
              <summary>
                {plural(report.changedNames.length, 'name')} changed for this computer
              </summary>
              <ul className="preflight-list">
                {report.changedNames.slice(0, 50).map((c) => (
                  <li key={c.from}>
                    {c.from} → {c.to} <span className="muted">({c.why})</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.clashes.length > 0 && (
            <details open>
              <summary>{plural(report.clashes.length, 'file')} already there</summary>
              <ul className="preflight-list">
                {report.clashes.slice(0, 50).map((c) => (
                  <li key={c.path}>
                    {c.path}:{' '}
                    {c.action === 'rename'
                      ? `saved as ${c.to ?? 'a new name'}`
                      : c.action === 'skip'
                        ? 'skipped (the one there stays)'
                        : 'replaced'}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
    </div>
  );
}

function matches(path: string, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return f === '' || path.toLowerCase().includes(f);
}

/** Folders and files from the package's paths, only those matching the filter. */
function buildTree(preview: PackagePreview | null, filter: string): TreeNode[] {
  if (!preview) return [];
  const root: TreeNode[] = [];
  const folders = new Map<string, TreeNode>();
  const folder = (path: string): TreeNode[] => {
    if (path === '') return root;
    const hit = folders.get(path);
    if (hit) return hit.children!;
    const cut = path.lastIndexOf('/');
    const node: TreeNode = { id: `dir:${path}`, label: path.slice(cut + 1), children: [] };
    folders.set(path, node);
    folder(cut < 0 ? '' : path.slice(0, cut)).push(node);
    return node.children!;
  };
  for (const f of preview.files) {
    if (!matches(f.path, filter)) continue;
    const cut = f.path.lastIndexOf('/');
    folder(cut < 0 ? '' : f.path.slice(0, cut)).push({
      id: f.id,
      label: f.path.slice(cut + 1),
      detail: formatBytes(f.size),
    });
  }
  return root;
}
