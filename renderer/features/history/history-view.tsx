// History: this computer's finished, failed and cancelled transfers and the team's sent packages
// (from MASV, a page at a time), in one list with one search. Links are copied by main from the
// keychain (the window never holds a secret); clearing asks first and says what goes.
import { useState } from 'react';
import { RotateCcwClock, Search, Trash } from 'lucide-react';
import { useStore } from 'zustand';
import type { HistoryItem } from '../../../shared/ipc/contract';
import type { TransferKind } from '../../../shared/transfers';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { plural } from '../../ui/format';
import { PlaceHeader } from '../../ui/place-header';
import { Segmented } from '../../ui/segmented';
import { TextField } from '../../ui/text-field';
import { HistoryRow, RemoteRow, type HistoryAction } from './history-row';
import { useHistory } from './use-history';

/** Local entries shown at once; more on request (the list stays quick with years of history). */
const SHOWN_STEP = 200;

const DONE: Partial<Record<HistoryAction, string>> = {
  'history:copy-link': 'Link copied to the clipboard.',
};

export function HistoryView() {
  const { api, ui, account } = useServices();
  const signedIn = useStore(account, (s) => s.account?.state === 'signed-in');
  const teamId = useStore(account, (s) =>
    s.account?.state === 'signed-in' ? s.account.teamId : null,
  );
  const teamName = useStore(account, (s) => {
    const a = s.account;
    return a?.state === 'signed-in' ? (a.teams.find((t) => t.id === a.teamId)?.name ?? null) : null;
  });
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'all' | TransferKind>('all');
  const [shown, setShown] = useState(SHOWN_STEP);
  const [clearing, setClearing] = useState(false);
  const { data, searching } = useHistory(text, kind === 'all' ? null : kind, teamId);
  const local = data.local ?? [];

  const act = (channel: HistoryAction, item: HistoryItem) => {
    api.invoke(channel, { id: item.id }).then(
      () => {
        const done = DONE[channel];
        if (done) ui.getState().toast(done, 'success');
        if (channel === 'history:retry') {
          ui.getState().toast(`Retrying “${item.name}”.`, 'success');
          ui.getState().go('transfers');
        }
      },
      (e: unknown) => ui.getState().toast(messageOf(e), 'error'),
    );
  };
  const clearAll = async () => {
    try {
      await api.invoke('history:clear');
      ui.getState().toast('History cleared.', 'success');
    } catch (e) {
      ui.getState().toast(messageOf(e), 'error');
    }
    setClearing(false);
  };

  const filtering = text.trim() !== '' || kind !== 'all';
  const nothing =
    data.local !== null && local.length === 0 && data.remote.length === 0 && !data.remoteLoading;

  return (
    <>
      <PlaceHeader
        title="History"
        subtitle={data.local === null ? undefined : plural(local.length, 'entry', 'entries')}
        actions={
          <Button
            icon={Trash}
            onClick={() => setClearing(true)}
            disabled={local.length === 0 || filtering}
          >
            Clear history…
          </Button>
        }
      />
      <div className="hist-toolbar">
        <TextField
          label="Search history"
          type="search"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setShown(SHOWN_STEP);
          }}
          placeholder="Package name, folder, package id or error"
          suffix={searching ? 'Searching…' : undefined}
          className="hist-search"
        />
        <Segmented
          label="Show"
          value={kind}
          options={[
            { value: 'all', label: 'All' },
            { value: 'upload', label: 'Sent' },
            { value: 'download', label: 'Received' },
          ]}
          onChange={setKind}
        />
      </div>
      <div className="place-body hist-body">
        {nothing ? (
          <EmptyState
            icon={filtering ? Search : RotateCcwClock}
            title={filtering ? 'Nothing matches' : 'No history yet'}
            actions={
              filtering ? (
                <Button
                  onClick={() => {
                    setText('');
                    setKind('all');
                  }}
                >
                  Show everything
                </Button>
              ) : undefined
            }
          >
            <p>
              {filtering
                ? 'No transfer here or on your team matches the search.'
                : 'Transfers appear here when they finish, fail or are cancelled.'}
            </p>
          </EmptyState>
        ) : (
          <>
            <section className="hist-section" aria-labelledby="hist-local">
              <h2 id="hist-local" className="hist-heading">
                On this computer
              </h2>
              {data.localError ? (
                <p className="hist-error">{data.localError}</p>
              ) : local.length === 0 ? (
                <p className="muted">
                  {data.local === null ? 'Loading…' : 'No finished transfers match.'}
                </p>
              ) : (
                <ul className="hist-list" aria-label="On this computer">
                  {local.slice(0, shown).map((item) => (
                    <li
                      key={item.id}
                      aria-label={`${item.kind === 'upload' ? 'Upload' : 'Download'} ${item.name}`}
                    >
                      <HistoryRow item={item} act={act} />
                    </li>
                  ))}
                </ul>
              )}
              {local.length > shown && (
                <Button onClick={() => setShown((n) => n + SHOWN_STEP)} className="hist-more">
                  Show {Math.min(SHOWN_STEP, local.length - shown).toLocaleString('en-US')} more
                </Button>
              )}
            </section>
            {signedIn && kind !== 'download' && (
              <section className="hist-section" aria-labelledby="hist-team">
                <h2 id="hist-team" className="hist-heading">
                  Sent by {teamName ?? 'your team'}
                  {data.remoteTotal > 0 && (
                    <span className="hist-count">{data.remoteTotal.toLocaleString('en-US')}</span>
                  )}
                </h2>
                {data.remoteError ? (
                  <p className="hist-error">{data.remoteError}</p>
                ) : data.remote.length === 0 ? (
                  <p className="muted">
                    {data.remoteLoading ? 'Loading…' : 'No packages on MASV match.'}
                  </p>
                ) : (
                  <ul className="hist-list" aria-label={`Sent by ${teamName ?? 'your team'}`}>
                    {data.remote.map((pkg) => (
                      <li key={pkg.id} aria-label={`Package ${pkg.name}`}>
                        <RemoteRow pkg={pkg} />
                      </li>
                    ))}
                  </ul>
                )}
                {data.remote.length < data.remoteTotal && !data.remoteError && (
                  <Button onClick={data.loadMore} busy={data.remoteLoading} className="hist-more">
                    Load more
                  </Button>
                )}
              </section>
            )}
          </>
        )}
      </div>
      {clearing && (
        <ConfirmDialog
          title="Clear the history of this computer?"
          confirmLabel="Clear history"
          cancelLabel="Keep history"
          onConfirm={clearAll}
          onCancel={() => setClearing(false)}
        >
          <p>
            {plural(local.length, 'entry', 'entries')} and the share links kept for them are removed
            from this computer. Files on this computer and packages on MASV are not touched.
          </p>
          <p className="muted">This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
