// Signing out removes the keychain entry; signing in with a wrong key, a wrong password, an
// unreachable server or a server with an untrusted certificate each says what happened in its
// own sentence; the right key signs in and shows who and which team.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startEmulator } from '../emulator/index';
import { audit } from './audit';
import { expect, test } from './fixtures';
import { shoot } from './screenshots';
import { keychainEntry } from './service-check';

/** Everything main sends the page, to show that no key or token ever crosses to the window. */
function framesOf(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  return frames;
}

test('sign out, a bad key is refused with its reason, the good key signs in', async ({
  harness,
  page,
  openApp,
}) => {
  test.setTimeout(60_000);
  const frames = framesOf(page);
  const host = new URL(harness.emulator.apiUrl).host;
  await openApp();
  expect(await keychainEntry(harness)).not.toBeNull();

  // No transfer is running, so sign-out needs no confirmation.
  await page.getByRole('complementary').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Signed out');
  await expect(page.getByRole('complementary')).toContainText('Not signed in');
  expect(await keychainEntry(harness)).toBeNull();
  await shoot(page, 'sign-in');

  const form = page.getByRole('form', { name: 'Sign in to MASV' });
  const key = form.getByRole('textbox', { name: 'API key' });
  await key.fill('not-the-key');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText(`${host} did not accept this API key.`);
  await shoot(page, 'sign-in-error');
  expect(await audit(page, 'Sign-in error')).toEqual([]);

  await form.getByRole('radio', { name: 'E-mail and password' }).check();
  await form.getByRole('textbox', { name: 'E-mail' }).fill(harness.emulator.demo.email);
  await form.getByLabel('Password', { exact: true }).fill('wrong password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText('The e-mail or password is not right.');

  // Nothing listens on port 9 of this machine.
  await form.getByRole('radio', { name: 'API key' }).check();
  await key.fill(harness.emulator.demo.apiKey);
  await form.getByRole('button', { name: 'Advanced' }).click();
  const server = form.getByRole('textbox', { name: 'Server' });
  await expect(server).toHaveValue(harness.emulator.apiUrl);
  await server.fill('http://127.0.0.1:9');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'Could not reach 127.0.0.1:9. Check the server address and your connection.',
    { timeout: 30_000 },
  );

  // A server whose certificate this app does not trust: nothing is sent to it.
  const tls = await startEmulator({ dataDir: join(harness.work, 'tls-service'), tls: true });
  try {
    const tlsHost = new URL(tls.apiUrl).host;
    await server.fill(tls.apiUrl);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      `The certificate of ${tlsHost} is not trusted, so nothing was sent. Check the server address.`,
    );
  } finally {
    await tls.close();
  }
  expect(harness.core.account.get().state).toBe('signed-out');
  expect(await keychainEntry(harness)).toBeNull();

  await server.fill(harness.emulator.apiUrl);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfers');
  const account = page.getByRole('button', { name: /^Account:/ });
  await expect(account).toHaveAccessibleName('Account: Demo Team, API key');
  expect(await keychainEntry(harness)).toMatchObject({ kind: 'api-key' });
  // The key went to the keychain, never back to the window.
  expect(await page.content()).not.toContain(harness.emulator.demo.apiKey);
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.filter((f) => f.includes(harness.emulator.demo.apiKey))).toEqual([]);

  await account.click();
  await expect(page.getByRole('radiogroup', { name: 'Team' })).toContainText('Demo Team');
  await expect(page.getByRole('radio', { name: 'Demo Team' })).toBeChecked();
});

test('signing in with e-mail and password shows who is signed in', async ({
  harness,
  page,
  openApp,
}) => {
  await harness.core.account.signOut();
  const frames = framesOf(page);
  await openApp();
  const form = page.getByRole('form', { name: 'Sign in to MASV' });
  await form.getByRole('radio', { name: 'E-mail and password' }).check();
  await form.getByRole('textbox', { name: 'E-mail' }).fill(harness.emulator.demo.email);
  await form.getByLabel('Password', { exact: true }).fill(harness.emulator.demo.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: /^Account:/ })).toHaveAccessibleName(
    `Account: ${harness.emulator.demo.email}, Demo Team`,
  );
  // A user token is kept, never the password.
  const kept = await keychainEntry(harness);
  expect(kept).toMatchObject({ kind: 'user-token', email: harness.emulator.demo.email });
  expect(JSON.stringify(kept)).not.toContain(harness.emulator.demo.password);
  const token = kept?.kind === 'user-token' ? kept.userToken : '';
  expect(token.length).toBeGreaterThan(10);
  expect(frames.filter((f) => f.includes(token))).toEqual([]);
  await harness.core.account.signOut();
});
