// What the History place shows, fetched from main: this computer's finished, failed and
// cancelled transfers (again whenever main says the history changed), and the team's sent
// packages, a page at a time. One search text filters both; typing waits a moment before asking.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryItem, RemotePackage } from '../../../shared/ipc/contract';
import type { TransferKind } from '../../../shared/transfers';
import { messageOf } from '../../api/bridge';
import { useServices } from '../../services';

const SEARCH_DELAY_MS = 250;

export interface HistoryData {
  local: HistoryItem[] | null;
  localError: string | null;
  remote: RemotePackage[];
  remoteTotal: number;
  remoteError: string | null;
  remoteLoading: boolean;
  loadMore: () => void;
}

export function useHistory(text: string, kind: TransferKind | null, teamId: string | null) {
  const { api } = useServices();
  const [query, setQuery] = useState(text);
  const [local, setLocal] = useState<HistoryItem[] | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [remote, setRemote] = useState<RemotePackage[]>([]);
  const [remoteTotal, setRemoteTotal] = useState(0);
  const [remoteError, setRemoteError] = useState<string | null>(null);
  const [answered, setAnswered] = useState<string | null>(null);
  const [moreLoading, setMoreLoading] = useState(false);
  const page = useRef(0);
  const asked = useRef(0);

  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text]);

  const refreshLocal = useCallback(() => {
    api
      .invoke('history:list', {
        ...(query ? { text: query } : {}),
        ...(kind ? { kind } : {}),
      })
      .then(
        (items) => {
          setLocal(items);
          setLocalError(null);
        },
        (e: unknown) => setLocalError(messageOf(e)),
      );
  }, [api, query, kind]);

  useEffect(() => {
    refreshLocal();
    return api.on('history:history-changed', refreshLocal);
  }, [api, refreshLocal]);

  // Which question the team list answers; while the latest is unanswered, it is loading.
  const key = `${teamId ?? ''}|${query}`;
  const fetchRemote = useCallback(
    (next: number) => {
      const ticket = ++asked.current;
      const forKey = `${teamId ?? ''}|${query}`;
      api.invoke('history:remote', { page: next, ...(query ? { text: query } : {}) }).then(
        (r) => {
          if (ticket !== asked.current) return;
          page.current = r.page;
          setRemote((before) => (r.page === 1 ? r.records : [...before, ...r.records]));
          setRemoteTotal(r.total);
          setRemoteError(null);
          setAnswered(forKey);
          setMoreLoading(false);
        },
        (e: unknown) => {
          if (ticket !== asked.current) return;
          setRemoteError(messageOf(e));
          setAnswered(forKey);
          setMoreLoading(false);
        },
      );
    },
    [api, query, teamId],
  );

  // The team's packages are uploads; filtering to downloads shows none of them.
  const wantRemote = teamId !== null && kind !== 'download';
  useEffect(() => {
    // An answer to an earlier question (another search, another team) is dropped.
    if (wantRemote) fetchRemote(1);
    else asked.current++;
  }, [wantRemote, fetchRemote]);

  const fresh = answered === key;
  const data: HistoryData = {
    local,
    localError,
    remote: wantRemote && fresh ? remote : [],
    remoteTotal: wantRemote && fresh ? remoteTotal : 0,
    remoteError: wantRemote && fresh ? remoteError : null,
    remoteLoading: wantRemote && (!fresh || moreLoading),
    loadMore: () => {
      setMoreLoading(true);
      fetchRemote(page.current + 1);
    },
  };
  return { data, refreshLocal, searching: query !== text.trim() };
}
