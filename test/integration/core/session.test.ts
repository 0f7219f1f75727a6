// Signing in elsewhere and restarting: transfers belong to their server, pause with a reason
// when the app moves to another one, and come back (resumable) with their server or a restart.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { memoryKeychain } from '../../fakes/memory-keychain';
import { startCore, type CoreHarness } from './core-harness';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function throttledUpload(h: CoreHarness, name: string): Promise<string> {
  h.emu.faults.update({ bandwidthBytesPerSecond: 256 * 1024 });
  const file = join(h.work, `${name}.bin`);
  writeFileSync(file, randomBytes(12 * 1024 * 1024));
  h.core.staging.add([file]);
  const { id } = await h.call('uploads:start', {
    destination: { kind: 'team', teamId: h.emu.demo.teamId, name },
  });
  await waitFor(() => h.core.list().find((t) => t.id === id)?.state === 'transferring');
  return id;
}

it('moving to another server pauses what runs, and coming back resumes it', async () => {
  const a = await startCore();
  open.push(a);
  const b: Emulator = await startEmulator({});
  open.push(b);
  await a.call('account:sign-in', { method: 'api-key', apiKey: a.emu.demo.apiKey });
  const id = await throttledUpload(a, 'Reel');

  await a.call('account:sign-in', {
    method: 'api-key',
    apiKey: b.demo.apiKey,
    serverUrl: b.apiUrl,
  });
  expect(a.core.account.get()).toMatchObject({ state: 'signed-in', serverUrl: b.apiUrl });
  // The transfer belongs to server A: it left the list (the window was told), paused on disk.
  expect(a.core.list().map((t) => t.id)).not.toContain(id);
  expect(a.pushes).toContainEqual({ channel: 'transfers:transfer-removed', payload: { id } });

  a.emu.faults.update({ bandwidthBytesPerSecond: 0 });
  await a.call('account:sign-in', {
    method: 'api-key',
    apiKey: a.emu.demo.apiKey,
    serverUrl: a.emu.apiUrl,
  });
  const back = a.core.list().find((t) => t.id === id);
  expect(back).toMatchObject({ state: 'paused', place: `Team ${a.emu.demo.teamName}` });
  await a.call('transfers:resume', { id });
  await waitFor(() => a.core.list().find((t) => t.id === id)?.state === 'complete', 30_000);
});

it('a restart brings back an unfinished upload with what the window showed', async () => {
  const keychain = memoryKeychain();
  const first = await startCore({ keychain });
  open.push({ close: () => first.emu.close() });
  await first.call('account:sign-in', { method: 'api-key', apiKey: first.emu.demo.apiKey });
  const id = await throttledUpload(first, 'Overnight');
  await first.call('transfers:pause', { id });
  await first.core.close();

  const second = await startCore({ keychain, emu: first.emu, work: first.work });
  open.push(second);
  // Signed in from the keychain without asking, the transfer listed as it was.
  expect(second.core.account.get()).toMatchObject({
    state: 'signed-in',
    teamId: first.emu.demo.teamId,
  });
  expect(second.core.list().find((t) => t.id === id)).toMatchObject({
    state: 'paused',
    name: 'Overnight',
    place: `Team ${first.emu.demo.teamName}`,
  });
  first.emu.faults.update({ bandwidthBytesPerSecond: 0 });
  await second.call('transfers:resume', { id });
  await waitFor(() => second.core.list().find((t) => t.id === id)?.hasLink === true, 30_000);
});

async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
