// What `masv transfers` shows, gathered without opening any journal for writing: a journal may
// belong to a transfer that another masv process is running right now.
import { closeSync, openSync, readSync } from 'node:fs';
import { listJournals, journalPath } from '../engine/journal';
import { isJournalHeader } from '../engine/transfer-job';
import type { TransferError, TransferKind, TransferSnapshot } from '../../shared/transfers';
import type { AppPaths } from '../services/paths';
import { runningHolder } from './control';
import { TransferMetaStore } from '../services/transfer-meta';

export interface UnfinishedTransfer {
  id: string;
  /** `unknown` when its journal cannot be read and nothing else names its kind. */
  kind: TransferKind | 'unknown';
  name: string;
  createdAt: string;
  /** `running` when a live masv process holds it; else the last state it recorded. */
  state: string;
  pid?: number;
  bytesDone?: number;
  bytesTotal?: number;
  filesDone?: number;
  filesTotal?: number;
  packageId?: string;
  /** Why a failed transfer failed; `permanent` when retrying cannot help. */
  error?: TransferError;
}

export async function listUnfinished(paths: AppPaths): Promise<UnfinishedTransfer[]> {
  const metas = new TransferMetaStore(paths.controlDir);
  const out: UnfinishedTransfer[] = [];
  for (const id of await listJournals(paths.journalDir)) {
    const header = readHeader(journalPath(paths.journalDir, id));
    const meta = metas.get(id);
    const status: TransferSnapshot | undefined = metas.status(id);
    const holder = runningHolder(paths.controlDir, id);
    const kind = header?.kind ?? meta?.kind ?? status?.kind ?? 'unknown';
    // A journal whose header cannot be read is listed, never skipped: resuming it reports why.
    let state = header === undefined ? 'damaged' : (status?.state ?? 'interrupted');
    // A transfer that was moving when its process died (kill -9, power loss) is interrupted.
    if (
      holder === null &&
      (state === 'transferring' ||
        state === 'preparing' ||
        state === 'finalizing' ||
        state === 'queued')
    ) {
      state = 'interrupted';
    }
    out.push({
      id,
      kind,
      name: meta?.name ?? status?.name ?? header?.name ?? id,
      createdAt:
        meta?.createdAt ?? (header === undefined ? '' : new Date(header.createdAt).toISOString()),
      state: holder === null ? state : 'running',
      ...(holder === null ? {} : { pid: holder.pid }),
      ...(status === undefined
        ? {}
        : {
            bytesDone: status.bytesDone,
            bytesTotal: status.bytesTotal,
            filesDone: status.filesDone,
            filesTotal: status.filesTotal,
            ...(status.packageId === undefined ? {} : { packageId: status.packageId }),
            ...(status.error === undefined || state !== 'failed' ? {} : { error: status.error }),
          }),
    });
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The first line of a journal (its header) — read-only, at most 64 KiB. */
function readHeader(
  file: string,
): { kind: TransferKind; createdAt: number; name?: string } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl < 0) return undefined;
    const rec: unknown = JSON.parse(text.slice(0, nl));
    if (!isJournalHeader(rec)) return undefined;
    const input = (rec as { input?: { name?: unknown } }).input;
    return {
      kind: rec.kind,
      createdAt: rec.createdAt,
      ...(typeof input?.name === 'string' ? { name: input.name } : {}),
    };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
