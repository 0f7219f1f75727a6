// The test-only crash point must be inert unless a test arms it on purpose: NODE_ENV=test AND
// MASV_TEST_KILL_AT. The module reads the environment once, on load.
import { afterEach, describe, expect, it, vi } from 'vitest';

const saved = { node: process.env.NODE_ENV, at: process.env.MASV_TEST_KILL_AT };

async function load(env: { NODE_ENV?: string; MASV_TEST_KILL_AT?: string }) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return import('../../../electron/engine/crash-point');
}

afterEach(() => {
  process.env.NODE_ENV = saved.node;
  if (saved.at === undefined) delete process.env.MASV_TEST_KILL_AT;
  else process.env.MASV_TEST_KILL_AT = saved.at;
});

describe('crash point', () => {
  it('stays inert outside tests, even with the variable set', async () => {
    for (const node of ['production', 'development', undefined]) {
      const m = await load({ NODE_ENV: node, MASV_TEST_KILL_AT: 'journal-write:1' });
      for (let i = 0; i < 5; i++) expect(m.crashPoint('journal-write')).toBe(false);
    }
  });

  it('stays inert in tests without the variable, or with a malformed one', async () => {
    for (const at of [undefined, '', 'journal-write', 'journal-write:x', ':3']) {
      const m = await load({ NODE_ENV: 'test', MASV_TEST_KILL_AT: at });
      for (let i = 0; i < 5; i++) expect(m.crashPoint('journal-write')).toBe(false);
    }
  });

  it('fires exactly at the n-th visit of the armed point when a test arms it', async () => {
    const m = await load({ NODE_ENV: 'test', MASV_TEST_KILL_AT: 'journal-write:3' });
    const seen = Array.from({ length: 6 }, () => m.crashPoint('journal-write'));
    expect(seen).toEqual([false, false, true, false, false, false]);
  });
});
