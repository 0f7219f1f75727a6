// Journals hold no secrets. The three that a resume needs (a download's full link with its
// `?secret=`, the package token a link opened, an upload's package token) go to a secret store
// (the OS keychain in the app and the CLI) under a reference made of the transfer id, and the
// record on disk keeps only a `sec` map naming which fields were taken out:
//   {"t":"session", …, "sec":{"packageToken":"transfer-token:01J…"}}
// Reading puts them back. A journal of the earlier format (secrets inline) is sealed the first
// time it is read: its secrets go to the store and the file is rewritten without them.

/** What sealing says when a secret is missing (the engine's Logger fits). */
interface Warner {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** Where secrets go; `SecretStore` (services/secret-store.ts) is the real one. */
export interface TransferSecrets {
  set(ref: string, value: string): Promise<void>;
  get(ref: string): Promise<string | null>;
  delete(ref: string): Promise<boolean>;
}

const memoryStores = new Map<string, TransferSecrets>();

/**
 * In memory, one store per journal folder for the life of the process: what an engine built
 * without a store uses (tests, embedders). A restart in another process cannot resume a link
 * download from it; the app and the CLI always pass the keychain.
 */
export function processSecrets(journalDir: string): TransferSecrets {
  let store = memoryStores.get(journalDir);
  if (!store) {
    store = memorySecrets();
    memoryStores.set(journalDir, store);
  }
  return store;
}

export function memorySecrets(): TransferSecrets {
  const map = new Map<string, string>();
  return {
    set: (ref, value) => Promise.resolve(void map.set(ref, value)),
    get: (ref) => Promise.resolve(map.get(ref) ?? null),
    delete: (ref) => Promise.resolve(map.delete(ref)),
  };
}

type Rec = Record<string, unknown>;

interface SecretField {
  /** Record type (`t`) that carries it. */
  t: string;
  /** Dotted path inside the record. */
  path: readonly string[];
  /** Reference kind in the store. */
  kind: string;
  /** What stays on disk in its place (a link without its secret, or nothing). */
  publicForm?: (value: string) => string;
}

const FIELDS: readonly SecretField[] = [
  { t: 'request', path: ['request', 'linkUrl'], kind: 'transfer-link', publicForm: linkWithout },
  { t: 'session', path: ['packageToken'], kind: 'transfer-token' },
  { t: 'package', path: ['token'], kind: 'transfer-token' },
];

/** Reference kinds a transfer may have in the store (removed with its journal). */
export const TRANSFER_SECRET_KINDS = [...new Set(FIELDS.map((f) => f.kind))];

export function secretRef(kind: string, transferId: string): string {
  return `${kind}:${transferId}`;
}

/** The link as shown in journals: scheme, host and path, no query or fragment (the secret). */
function linkWithout(value: string): string {
  try {
    const u = new URL(value);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '';
  }
}

function getPath(rec: Rec, path: readonly string[]): unknown {
  let at: unknown = rec;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Rec)[key];
  }
  return at;
}

/** A copy of rec with path set to value (or removed when value is undefined). */
function withPath(rec: Rec, path: readonly string[], value: unknown): Rec {
  const [head, ...rest] = path;
  if (head === undefined) return rec;
  const copy: Rec = { ...rec };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const inner = copy[head];
  copy[head] = withPath(
    typeof inner === 'object' && inner !== null ? (inner as Rec) : {},
    rest,
    value,
  );
  return copy;
}

function fieldsOf(rec: unknown): readonly SecretField[] {
  if (typeof rec !== 'object' || rec === null) return [];
  const t = (rec as Rec).t;
  return FIELDS.filter((f) => f.t === t);
}

/** Seals and unseals one transfer's records against a store; remembers what it already stored. */
export class JournalSealer {
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly secrets: TransferSecrets,
    private readonly transferId: string,
    private readonly logger: Warner,
  ) {}

  /** True when the record carries a secret inline (an earlier journal format). */
  static hasInlineSecret(rec: unknown): boolean {
    return fieldsOf(rec).some((f) => {
      const v = getPath(rec as Rec, f.path);
      return typeof v === 'string' && v !== '' && !(rec as Rec).sec;
    });
  }

  /** The record as written to disk: secrets in the store, references in the record. */
  async seal<R>(rec: R): Promise<R> {
    const fields = fieldsOf(rec);
    if (fields.length === 0) return rec;
    let out = rec as Rec;
    const sec: Record<string, string> = {};
    for (const f of fields) {
      const value = getPath(out, f.path);
      if (typeof value !== 'string' || value === '') continue;
      const ref = secretRef(f.kind, this.transferId);
      if (this.stored.get(ref) !== value) {
        await this.secrets.set(ref, value);
        this.stored.set(ref, value);
      }
      out = withPath(out, f.path, f.publicForm ? f.publicForm(value) : undefined);
      sec[f.path.join('.')] = ref;
    }
    return (Object.keys(sec).length === 0 ? out : { ...out, sec }) as R;
  }

  /** The record as the engine uses it: secrets back from the store. */
  async unseal<R>(rec: R): Promise<R> {
    const raw = rec as Rec;
    const sec = raw.sec;
    if (typeof sec !== 'object' || sec === null) return rec;
    const { sec: _drop, ...rest } = raw;
    void _drop;
    let out: Rec = rest;
    for (const f of fieldsOf(raw)) {
      const ref = (sec as Record<string, unknown>)[f.path.join('.')];
      if (typeof ref !== 'string') continue;
      const value = await this.secrets.get(ref);
      if (value === null) {
        // Left as on disk: the resume then fails with the engine's own words (the link or the
        // package must be opened again), not with a crash.
        this.logger.warn('a transfer secret is missing from the keychain', {
          id: this.transferId,
          field: f.path.join('.'),
        });
        continue;
      }
      this.stored.set(ref, value);
      out = withPath(out, f.path, value);
    }
    return out as R;
  }

  /** Removes every secret this transfer may have in the store. */
  async forget(): Promise<void> {
    for (const kind of TRANSFER_SECRET_KINDS) {
      await this.secrets.delete(secretRef(kind, this.transferId)).catch((e: unknown) =>
        this.logger.warn('could not remove a transfer secret from the keychain', {
          id: this.transferId,
          error: String(e),
        }),
      );
    }
    this.stored.clear();
  }
}

/** True when the record has a field that must be sealed before it is written. */
export function carriesSecret(rec: unknown): boolean {
  return fieldsOf(rec).length > 0;
}
