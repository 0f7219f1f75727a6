// Journals keep no secrets: link secrets and package tokens go to the secret store (the keychain
// in the app and the CLI) and come back on read; an earlier journal is sealed on first read.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/engine/deps';
import { journalPath, openJournal } from '../../../electron/engine/journal';
import { memorySecrets, secretRef } from '../../../electron/engine/journal-secrets';
import type { TransferSecrets } from '../../../electron/engine/journal-secrets';

const LINK = 'http://127.0.0.1:8480/01HZX3V6Q8W7ZP5R1A2B3C4D5E?secret=s3cr3t-link-value';
const TOKEN = 'pkg-token-0123456789';
const request = { t: 'request', request: { linkUrl: LINK, destination: '/tmp/x' } };
const session = { t: 'session', apiUrl: 'http://a', packageId: 'P1', packageToken: TOKEN };
const pkg = { t: 'package', id: 'P2', token: TOKEN };

let dir: string;
let secrets: TransferSecrets & { size(): number };
const warnings: string[] = [];
const logger: Logger = {
  debug() {},
  info() {},
  warn: (m) => void warnings.push(m),
  error() {},
};

function countingStore(delayMs = 0): TransferSecrets & { size(): number } {
  const inner = memorySecrets();
  const refs = new Set<string>();
  const later = <T>(v: Promise<T>) => new Promise<T>((r) => setTimeout(() => r(v), delayMs));
  return {
    set: (ref, value) => {
      refs.add(ref);
      return later(inner.set(ref, value));
    },
    get: (ref) => later(inner.get(ref)),
    delete: (ref) => {
      refs.delete(ref);
      return later(inner.delete(ref));
    },
    size: () => refs.size,
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-secrets-'));
  secrets = countingStore();
  warnings.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('journal secrets', () => {
  it('writes link secrets and package tokens to the store and only references to disk', async () => {
    const j = await openJournal<Record<string, unknown>>(dir, 'T1', { secrets, logger });
    await j.append({ t: 'header', kind: 'download', v: 1, id: 'T1', createdAt: 1 });
    await j.append(request);
    await j.append(session);
    await j.append(pkg);
    const text = await readFile(journalPath(dir, 'T1'), 'utf8');
    expect(text).not.toContain('s3cr3t-link-value');
    expect(text).not.toContain(TOKEN);
    // The link stays readable without its secret; the references name the transfer.
    expect(text).toContain('"linkUrl":"http://127.0.0.1:8480/01HZX3V6Q8W7ZP5R1A2B3C4D5E"');
    expect(text).toContain(`"sec":{"packageToken":"${secretRef('transfer-token', 'T1')}"}`);
    expect(await secrets.get(secretRef('transfer-link', 'T1'))).toBe(LINK);
    expect(await secrets.get(secretRef('transfer-token', 'T1'))).toBe(TOKEN);
    expect((await j.read()).slice(1)).toEqual([request, session, pkg]);
    await j.close();
    // A new process (a new open) gets them back too.
    const again = await openJournal<Record<string, unknown>>(dir, 'T1', { secrets, logger });
    expect((await again.read()).slice(1)).toEqual([request, session, pkg]);
    await again.remove();
    expect(secrets.size()).toBe(0);
  });

  it('keeps the order of records when sealing waits for a slow keychain', async () => {
    secrets = countingStore(30);
    const j = await openJournal<Record<string, unknown>>(dir, 'T2', { secrets, logger });
    const writes = [
      j.append({ t: 'range', n: 1 }),
      j.append(session),
      j.append({ t: 'range', n: 2 }),
      j.compact([{ t: 'range', n: 0 }, session, { t: 'range', n: 3 }]),
      j.append({ t: 'range', n: 4 }),
    ];
    await Promise.all(writes);
    const lines = (await readFile(journalPath(dir, 'T2'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { t: string; n?: number }).n ?? 's')).toEqual([
      0,
      's',
      3,
      4,
    ]);
    expect(lines.join('\n')).not.toContain(TOKEN);
    await j.close();
  });

  it('moves the secrets of an earlier-format journal to the store on first read', async () => {
    const path = journalPath(dir, 'T3');
    const header = { t: 'header', kind: 'download', v: 1, id: 'T3', createdAt: 1 };
    const old = [header, request, session, { t: 'range', f: 'a', s: 0, e: 10 }];
    await writeFile(path, old.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o644 });
    const j = await openJournal<Record<string, unknown>>(dir, 'T3', { secrets, logger });
    expect(await j.read()).toEqual(old);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('s3cr3t-link-value');
    expect(text).not.toContain(TOKEN);
    expect(text.trim().split('\n')).toHaveLength(4);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await secrets.get(secretRef('transfer-link', 'T3'))).toBe(LINK);
    await j.close();
  });

  it('a secret missing from the store leaves the field out and says so, without throwing', async () => {
    const j = await openJournal<Record<string, unknown>>(dir, 'T4', { secrets, logger });
    await j.append(session);
    await j.close();
    await secrets.delete(secretRef('transfer-token', 'T4'));
    const again = await openJournal<Record<string, unknown>>(dir, 'T4', { secrets, logger });
    const [rec] = await again.read();
    expect(rec).toMatchObject({ t: 'session', packageId: 'P1' });
    expect(rec).not.toHaveProperty('packageToken');
    expect(warnings).toContain('a transfer secret is missing from the keychain');
    await again.close();
  });

  it('creates the journal folder readable by the user alone', async () => {
    const nested = join(dir, 'state', 'journals');
    const j = await openJournal(nested, 'T5', { secrets, logger });
    await j.append({ t: 'x' });
    if (process.platform !== 'win32') {
      expect((await stat(nested)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
      expect((await stat(journalPath(nested, 'T5'))).mode & 0o777).toBe(0o600);
    }
    await j.close();
  });
});
