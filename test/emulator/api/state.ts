// The control plane's state: typed collections over the durable store, plus the lookup indexes
// the routes need (files of a package in creation order, keys by hash, portals by subdomain).
import { monotonicFactory } from 'ulid';
import type {
  ApiKeyRecord,
  CollectionName,
  Collections,
  FileRecord,
  LinkRecord,
  MetaRecord,
  PackageRecord,
  PortalRecord,
  TeamRecord,
  UserRecord,
} from './records';
import { SnapshotStore } from './snapshot-store';

export class State {
  private readonly store: SnapshotStore;
  private readonly filesByPackage = new Map<string, Set<string>>();
  private readonly linksByPackage = new Map<string, Set<string>>();
  /** Monotonic so ids sort in creation order even within one millisecond. */
  readonly newId: () => string = monotonicFactory();

  constructor(dir: string) {
    this.store = SnapshotStore.open(dir);
    // Map iteration order is insertion order; sort by id (ULID = time order) to get creation order.
    const files = [...this.store.maps.files.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const f of files) this.index(this.filesByPackage, f.packageId, f.id);
    for (const l of this.store.maps.links.values())
      this.index(this.linksByPackage, l.packageId, l.id);
  }

  close(): void {
    this.store.close();
  }

  get<K extends CollectionName>(c: K, id: string): Collections[K] | undefined {
    return (this.store.maps[c] as Map<string, Collections[K]>).get(id);
  }

  all<K extends CollectionName>(c: K): Collections[K][] {
    return [...(this.store.maps[c] as Map<string, Collections[K]>).values()];
  }

  /** Persists a new or changed record. Call after every mutation of a record object. */
  save<K extends CollectionName>(c: K, rec: Collections[K]): void {
    this.store.put(c, rec);
    if (c === 'files') this.index(this.filesByPackage, (rec as FileRecord).packageId, rec.id);
    if (c === 'links') this.index(this.linksByPackage, (rec as LinkRecord).packageId, rec.id);
  }

  meta(): MetaRecord | undefined {
    return this.get('meta', 'emulator');
  }

  team(id: string): TeamRecord | undefined {
    return this.get('teams', id);
  }

  user(id: string): UserRecord | undefined {
    return this.get('users', id);
  }

  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.trim().toLowerCase();
    return this.all('users').find((u) => u.email.toLowerCase() === wanted);
  }

  apiKeyByHash(hash: string): ApiKeyRecord | undefined {
    return this.all('apiKeys').find((k) => k.keyHash === hash);
  }

  portalBySubdomain(sub: string): PortalRecord | undefined {
    const wanted = sub.toLowerCase();
    return this.all('portals').find((p) => p.subdomain.toLowerCase() === wanted);
  }

  pkg(id: string): PackageRecord | undefined {
    return this.get('packages', id);
  }

  /** Entries of a package in the order they were added. */
  filesOf(packageId: string): FileRecord[] {
    const ids = this.filesByPackage.get(packageId);
    if (!ids) return [];
    const out: FileRecord[] = [];
    for (const id of ids) {
      const f = this.store.maps.files.get(id);
      if (f) out.push(f);
    }
    return out;
  }

  fileCount(packageId: string): number {
    return this.filesByPackage.get(packageId)?.size ?? 0;
  }

  linksOf(packageId: string): LinkRecord[] {
    const ids = this.linksByPackage.get(packageId);
    if (!ids) return [];
    return [...ids]
      .map((id) => this.store.maps.links.get(id))
      .filter((l): l is LinkRecord => l !== undefined);
  }

  deleteFile(file: FileRecord): void {
    this.store.delete('files', file.id);
    this.filesByPackage.get(file.packageId)?.delete(file.id);
  }

  /** Removes a package with its files and links. */
  deletePackage(pkg: PackageRecord): void {
    for (const f of this.filesOf(pkg.id)) this.store.delete('files', f.id);
    for (const l of this.linksOf(pkg.id)) this.store.delete('links', l.id);
    this.filesByPackage.delete(pkg.id);
    this.linksByPackage.delete(pkg.id);
    this.store.delete('packages', pkg.id);
  }

  private index(map: Map<string, Set<string>>, key: string, id: string): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(id);
  }
}
