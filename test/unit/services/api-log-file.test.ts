import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiLogEntry } from '../../../electron/masv/api-log';
import { ApiLogFile, fileEntryOf, readApiLog } from '../../../electron/services/api-log-file';

const here = import.meta.dirname;
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (i: number, over: Partial<ApiLogEntry> = {}): ApiLogEntry => ({
  at: Date.UTC(2026, 11, 3, 12, 0, 0, i),
  plane: 'api',
  method: 'post',
  path: `https://api.test/v1/packages/01PKG${i}/files?token=tok-secret-${i}`,
  status: 201,
  ms: 12.6,
  retries: 1,
  ...over,
});

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('api.log', () => {
  it('writes one line per entry with the route template, attempt and request id, 0600 in a 0700 folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-log-'));
    const logs = join(dir, 'logs');
    const log = new ApiLogFile(logs);
    log.append(entry(1, { requestId: 'req-77' }));
    log.append(
      entry(2, {
        status: null,
        error: 'timeout: no answer from https://x?secret=s3',
        errorCode: 'timeout',
      }),
    );
    expect(() => statSync(log.file)).toThrow(); // buffered, not written yet
    await log.close();
    const got = lines(log.file).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(got).toEqual([
      {
        time: '2026-12-03T12:00:00.001Z',
        plane: 'api',
        method: 'POST',
        route: '/v1/packages/{id}/files',
        host: 'api.test',
        status: 201,
        durationMs: 13,
        attempt: 2,
        requestId: 'req-77',
      },
      {
        time: '2026-12-03T12:00:00.002Z',
        plane: 'api',
        method: 'POST',
        route: '/v1/packages/{id}/files',
        host: 'api.test',
        status: null,
        durationMs: 13,
        attempt: 2,
        errorCode: 'timeout',
      },
    ]);
    const text = readFileSync(log.file, 'utf8');
    expect(text).not.toContain('tok-secret');
    expect(text).not.toContain('01PKG');
    expect(text).not.toContain('s3');
    expect(statSync(log.file).mode & 0o777).toBe(0o600);
    expect(statSync(logs).mode & 0o777).toBe(0o700);
    expect(await readApiLog(logs, 1)).toEqual([got[1]]);
  });

  it('rotates at the size cap and keeps only the given number of old files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-log-'));
    const maxBytes = 4096;
    const log = new ApiLogFile(dir, { maxBytes, keep: 3, flushBytes: 1000 });
    for (let i = 0; i < 2000; i++) {
      log.append(entry(i));
      if (i % 37 === 0) await log.flush();
    }
    await log.close();
    expect(readdirSync(dir).sort()).toEqual(['api.log', 'api.log.1', 'api.log.2', 'api.log.3']);
    for (const f of readdirSync(dir)) {
      expect(statSync(join(dir, f)).size, f).toBeLessThanOrEqual(maxBytes);
      for (const l of lines(join(dir, f))) expect(() => JSON.parse(l) as unknown).not.toThrow();
    }
    // The newest entries survive, in order, across the files.
    const recent = await readApiLog(dir, 60);
    expect(recent).toHaveLength(60);
    expect(recent.at(-1)?.time).toBe(new Date(entry(1999).at).toISOString());
    const times = recent.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('a stale lock left by a dead process does not stop the writes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-log-'));
    const log = new ApiLogFile(dir);
    writeFileSync(`${log.file}.lock`, '99999');
    const old = new Date(Date.now() - 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(`${log.file}.lock`, old, old);
    log.append(entry(1));
    await log.close();
    expect(lines(log.file)).toHaveLength(1);
    expect(readdirSync(dir)).not.toContain('api.log.lock');
  });

  it('two processes appending and rotating at once leave only whole lines, within the caps', async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-log-'));
    const maxBytes = 64 * 1024;
    // ~170 bytes a line: 1,200 lines need three rotations and still fit the four files whole.
    const count = 600;
    const run = (tag: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            join(here, 'fixtures', 'api-log-writer.ts'),
            dir,
            tag,
            String(count),
            String(maxBytes),
          ],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        );
        child.once('error', reject);
        child.once('exit', resolve);
      });
    expect(await Promise.all([run('A'), run('B')])).toEqual([0, 0]);
    const files = readdirSync(dir).filter((f) => f.startsWith('api.log'));
    expect(files).not.toContain('api.log.lock');
    expect(files.length).toBeGreaterThan(1); // it did rotate
    expect(files.length).toBeLessThanOrEqual(4);
    const seen = { A: new Set<string>(), B: new Set<string>() };
    for (const f of files) {
      const raw = readFileSync(join(dir, f), 'utf8');
      expect(raw.endsWith('\n'), f).toBe(true);
      expect(statSync(join(dir, f)).size, f).toBeLessThanOrEqual(maxBytes);
      for (const l of raw.split('\n').filter((x) => x !== '')) {
        const e = JSON.parse(l) as { requestId: string; route: string };
        expect(e.route).toBe('/v1/packages/{id}/files');
        const [tag] = e.requestId.split('-') as ['A' | 'B'];
        expect(seen[tag].has(e.requestId)).toBe(false);
        seen[tag].add(e.requestId);
      }
    }
    // Nothing was lost or doubled: every line of both writers is there exactly once.
    for (const tag of ['A', 'B'] as const) expect(seen[tag].size).toBe(count);
  }, 60_000);
});

describe('fileEntryOf', () => {
  it('keeps no URL, id, query or error detail', () => {
    const e = fileEntryOf({
      at: 0,
      plane: 'storage',
      method: 'PUT',
      path: 'https://bucket.s3.test/team/01PKG/01FILE?partNumber=2&X-Amz-Signature=deadbeef',
      status: 200,
      ms: 5,
      retries: 0,
      requestId: '00000000000000a1',
    });
    expect(e).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      plane: 'storage',
      method: 'PUT',
      route: '/{object}',
      host: 'bucket.s3.test',
      status: 200,
      durationMs: 5,
      attempt: 1,
      requestId: '00000000000000a1',
    });
  });
});
