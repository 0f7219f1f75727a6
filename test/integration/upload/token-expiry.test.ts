// Package tokens expire (emulator: configurable lifetime). A team upload renews its token and
// carries on; a portal upload cannot and says so.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFile, startHarness, storedFiles } from './harness';
import type { Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ emulator: { tokenLifetimeSeconds: 1 } });
});
afterAll(async () => {
  await h.close();
});

describe('expired package tokens', () => {
  it('a team upload left open past its token lifetime still finalizes (token renewed)', async () => {
    const src = join(h.root, 'late.bin');
    const digest = await makeFile(src, 1000);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'late',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
      finalize: false,
    });
    expect((await h.manager.waitFor(id)).state).toBe('idle');
    await new Promise((r) => setTimeout(r, 2200));
    h.manager.finalizeUpload(id);
    const snap = await h.manager.waitFor(id);
    expect(snap.error).toBeUndefined();
    expect(snap.state).toBe('complete');
    // The old token was refused once, then a fresh one came from the team's package record.
    const log = h.deps.apiLog.entries();
    const refused = log.findIndex((e) => e.plane === 'api' && e.status === 401);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(
      log
        .slice(refused)
        .some(
          (e) => e.path.includes(`/v1.1/teams/${h.emu.demo.teamId}/packages/`) && e.status === 200,
        ),
    ).toBe(true);
    expect((await storedFiles(h, snap.packageId!)).get('late.bin')?.sha256).toBe(digest);
  });

  it('cancel after the token expired still deletes the package', async () => {
    const src = join(h.root, 'late2.bin');
    await makeFile(src, 10);
    const id = h.manager.startUpload({
      paths: [src],
      name: 'late2',
      target: { kind: 'team', teamId: h.emu.demo.teamId },
      finalize: false,
    });
    const snap = await h.manager.waitFor(id);
    await new Promise((r) => setTimeout(r, 2200));
    await h.manager.cancel(id);
    await expect(
      h.deps.client.getTeamPackage(h.emu.demo.teamId, snap.packageId!),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});
