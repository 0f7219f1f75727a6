import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../electron/services/settings';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'masv-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsStore', () => {
  it('returns defaults on a fresh folder and persists updates across instances', () => {
    const a = new SettingsStore({ dir });
    expect(a.get()).toEqual(DEFAULT_SETTINGS);
    a.update({
      serverUrl: 'http://127.0.0.1:8080',
      chunkSizeBytes: 5 * 1024 * 1024,
      onConflict: 'skip',
    });
    const b = new SettingsStore({ dir });
    expect(b.get()).toMatchObject({
      serverUrl: 'http://127.0.0.1:8080',
      chunkSizeBytes: 5242880,
      onConflict: 'skip',
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      onConflict: 'skip',
    });
  });

  it('refuses invalid values and unknown keys (no secrets can be stored)', () => {
    const s = new SettingsStore({ dir });
    s.update({ teamId: 'T1' });
    expect(() => s.update({ chunkSizeBytes: 1000 })).toThrow();
    expect(() => s.update({ partConcurrency: 0 })).toThrow();
    expect(() => s.update({ serverUrl: 'ftp://x' })).toThrow();
    expect(() => s.update({ apiKey: 'secret' } as never)).toThrow();
    expect(readFileSync(s.path, 'utf8')).not.toContain('secret');
    expect(s.get()).toEqual({ ...DEFAULT_SETTINGS, teamId: 'T1' });
  });

  it('falls back per field when the file was edited by hand into something invalid', () => {
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        partConcurrency: 'many',
        onConflict: 'overwrite',
        apiKey: 'leaked',
        teamId: 'T1',
      }),
    );
    const s = new SettingsStore({ dir });
    const got = s.get();
    expect(got.partConcurrency).toBe(DEFAULT_SETTINGS.partConcurrency);
    expect(got.onConflict).toBe('overwrite');
    expect(got.teamId).toBe('T1');
    expect(got).not.toHaveProperty('apiKey');
    // The next write rewrites the file from the schema, dropping the stray key.
    s.update({ integrityCheck: true });
    expect(readFileSync(s.path, 'utf8')).not.toContain('leaked');
  });

  it('reads a file written by 0.1.x (no version) and writes it back as the current version', () => {
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        serverUrl: 'http://127.0.0.1:8480',
        partConcurrency: 4,
        onConflict: 'skip',
      }),
    );
    const s = new SettingsStore({ dir });
    expect(s.get()).toEqual({
      ...DEFAULT_SETTINGS,
      serverUrl: 'http://127.0.0.1:8480',
      partConcurrency: 4,
      onConflict: 'skip',
    });
    s.update({ theme: 'dark' });
    expect(JSON.parse(readFileSync(s.path, 'utf8'))).toMatchObject({
      version: 2,
      partConcurrency: 4,
      theme: 'dark',
      notifications: true,
    });
  });

  it('tells listeners about every update', () => {
    const s = new SettingsStore({ dir });
    const seen: number[] = [];
    s.onChange((next) => seen.push(next.partConcurrency));
    s.update({ partConcurrency: 3 });
    s.update({ partConcurrency: 5 });
    expect(seen).toEqual([3, 5]);
  });
});
