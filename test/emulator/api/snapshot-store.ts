// Durable state: a JSON snapshot plus an append-only log of changes since it. Each change is one
// synchronous write (a process crash loses nothing already answered); a package of 10 000 files
// costs 10 000 short appends instead of 10 000 full rewrites. Opening replays the log and writes
// a fresh snapshot (write-then-rename), so the log stays short across restarts.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { COLLECTION_NAMES, type CollectionName, type Collections } from './records';

export type CollectionMaps = { [K in CollectionName]: Map<string, Collections[K]> };

type LogLine = { c: CollectionName; id: string; v?: unknown };

const SNAPSHOT = 'state.json';
const LOG = 'state.log';

function emptyMaps(): CollectionMaps {
  const maps = {} as Record<CollectionName, Map<string, unknown>>;
  for (const name of COLLECTION_NAMES) maps[name] = new Map();
  return maps as CollectionMaps;
}

export class SnapshotStore {
  private fd: number | undefined;

  private constructor(
    private readonly dir: string,
    readonly maps: CollectionMaps,
  ) {}

  static open(dir: string): SnapshotStore {
    mkdirSync(dir, { recursive: true });
    const maps = emptyMaps();
    const generic = maps as unknown as Record<CollectionName, Map<string, unknown>>;
    const snapshotPath = join(dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const data = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Record<
        string,
        { id: string }[]
      >;
      for (const name of COLLECTION_NAMES)
        for (const rec of data[name] ?? []) generic[name].set(rec.id, rec);
    }
    const logPath = join(dir, LOG);
    if (existsSync(logPath)) {
      for (const line of readFileSync(logPath, 'utf8').split('\n')) {
        if (!line) continue;
        let entry: LogLine;
        try {
          entry = JSON.parse(line) as LogLine;
        } catch {
          // A torn last line from a crash mid-write: the change was never acknowledged.
          continue;
        }
        if (!COLLECTION_NAMES.includes(entry.c)) continue;
        if (entry.v === undefined) generic[entry.c].delete(entry.id);
        else generic[entry.c].set(entry.id, entry.v);
      }
    }
    const store = new SnapshotStore(dir, maps);
    store.compact();
    return store;
  }

  put<K extends CollectionName>(c: K, rec: Collections[K]): void {
    (this.maps[c] as Map<string, Collections[K]>).set(rec.id, rec);
    this.append({ c, id: rec.id, v: rec });
  }

  delete(c: CollectionName, id: string): void {
    this.maps[c].delete(id);
    this.append({ c, id });
  }

  /** Writes the whole state as a new snapshot and starts an empty log. */
  compact(): void {
    this.closeLog();
    const data: Record<string, unknown[]> = {};
    for (const name of COLLECTION_NAMES) data[name] = [...this.maps[name].values()];
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    // The log is truncated only after the snapshot that contains its changes is in place.
    this.fd = openSync(join(this.dir, LOG), 'w');
  }

  close(): void {
    this.compact();
    this.closeLog();
  }

  private append(line: LogLine): void {
    if (this.fd === undefined) throw new Error('state store is closed');
    writeSync(this.fd, JSON.stringify(line) + '\n');
  }

  private closeLog(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
