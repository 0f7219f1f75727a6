// Portal uploads (with and without access code) and talking to the service over TLS with only
// its CA trusted (no checks disabled).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFile, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ emulator: { tls: true } });
});
afterAll(async () => {
  await h.close();
});

describe('portal uploads over TLS', () => {
  it('talks to the local service over https trusting only its CA', () => {
    expect(h.emu.apiUrl.startsWith('https://')).toBe(true);
    expect(h.emu.caCertPem).toContain('BEGIN CERTIFICATE');
  });

  it('uploads into a portal that needs an access code', async () => {
    const src = join(h.root, 'portal', 'clip.bin');
    const digest = await makeFile(src, 7 * 1024 * 1024);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'for the locked portal',
      target: {
        kind: 'portal',
        subdomain: h.emu.demo.lockedPortalSubdomain,
        senderEmail: 'sender@example.com',
        accessCode: h.emu.demo.lockedPortalAccessCode,
      },
    });
    const snap = await h.manager.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');
    const stored = await storedFiles(h, snap.packageId!);
    expect(stored.get('clip.bin')).toEqual({ size: 7 * 1024 * 1024, sha256: digest });
    // The access code never reaches the journal or the API log.
    expect(JSON.stringify(h.deps.apiLog.entries())).not.toContain(
      h.emu.demo.lockedPortalAccessCode,
    );
  });

  it('uploads into an open portal without a code', async () => {
    const src = join(h.root, 'portal', 'open.txt');
    const digest = await makeFile(src, 100);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'open',
      target: {
        kind: 'portal',
        subdomain: h.emu.demo.portalSubdomain,
        senderEmail: 's@example.com',
      },
    });
    const snap = await h.manager.waitFor(id);
    expect(snap.state).toBe('complete');
    expect((await storedFiles(h, snap.packageId!)).get('open.txt')?.sha256).toBe(digest);
  });

  it.each([
    [undefined, 'access-code-required', 'the portal needs an access code'],
    ['wrong-code-123', 'access-code-invalid', 'the portal access code is wrong'],
  ])('access code %s -> %s in user words', async (accessCode, code, message) => {
    const src = join(h.root, 'portal', 'x.txt');
    await makeFile(src, 5);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'denied',
      target: {
        kind: 'portal',
        subdomain: h.emu.demo.lockedPortalSubdomain,
        senderEmail: 's@example.com',
        ...(accessCode ? { accessCode } : {}),
      },
    });
    const snap = await h.manager.waitFor(id);
    expect(snap.state).toBe('failed');
    expect(snap.error).toEqual({ code, message });
    // The failed transfer keeps its journal for a retry, but never the code itself.
    const journal = await readFile(join(h.journalDir, `${id}.jsonl`), 'utf8');
    expect(journal).toContain('"state"');
    if (accessCode) expect(journal).not.toContain(accessCode);
  });

  it('an unknown portal fails with a clear message', async () => {
    const src = join(h.root, 'portal', 'y.txt');
    await makeFile(src, 5);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'nope',
      target: { kind: 'portal', subdomain: 'no-such-portal-here', senderEmail: 's@example.com' },
    });
    const snap = await h.manager.waitFor(id);
    expect(snap.error).toEqual({
      code: 'portal-not-found',
      message: 'there is no portal with that name',
    });
  });
});
