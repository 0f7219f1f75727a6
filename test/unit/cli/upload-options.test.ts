import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInvocation } from '../../../electron/cli/args';
import { toFailure } from '../../../electron/cli/cli-error';
import type { Failure } from '../../../electron/cli/cli-error';
import { planUpload } from '../../../electron/cli/upload-options';
import { DEFAULT_SETTINGS } from '../../../electron/services/settings';
import type { Settings } from '../../../electron/services/settings';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'masv-plan-'));
  mkdirSync(path.join(dir, 'shoot'));
  writeFileSync(path.join(dir, 'shoot', 'a.bin'), 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings: Settings = { ...DEFAULT_SETTINGS, teamId: 'TEAM1', partConcurrency: 3 };

function plan(argv: string[], s = settings) {
  const inv = parseInvocation(['upload', ...argv]);
  if (inv.kind !== 'run') throw new Error('expected run');
  return planUpload(inv.values, inv.positionals, dir, s);
}

function failure(argv: string[], s = settings): Failure {
  try {
    plan(argv, s);
  } catch (e) {
    const f = toFailure(e);
    if (f.code === 'internal') throw e;
    return f;
  }
  throw new Error('expected a failure');
}

describe('planUpload', () => {
  it('builds a team upload from flags and settings', () => {
    const p = plan([
      'shoot',
      '--to',
      'a@b.c,d@e.f',
      '--chunk-size',
      '8M',
      '--limit-rate',
      '1M',
      '--no-finalize',
    ]);
    expect(p.input).toMatchObject({
      paths: [path.join(dir, 'shoot')],
      name: 'shoot',
      target: { kind: 'team', teamId: 'TEAM1', recipients: ['a@b.c', 'd@e.f'] },
      chunkSize: 8 * 1024 * 1024,
      finalize: false,
    });
    expect(p.run).toEqual({ concurrency: 3, bytesPerSecond: 1024 * 1024 });
    expect(p.needsCredentials).toBe(true);
  });

  it('builds a portal upload that needs no login', () => {
    const p = plan(
      [
        'shoot',
        '--portal',
        'acme',
        '--sender',
        's@x.y',
        '--access-code',
        'C0DE',
        '--name',
        'Dailies',
      ],
      {
        ...settings,
        teamId: null,
      },
    );
    expect(p.input.target).toEqual({
      kind: 'portal',
      subdomain: 'acme',
      senderEmail: 's@x.y',
      accessCode: 'C0DE',
    });
    expect(p.input.name).toBe('Dailies');
    expect(p.needsCredentials).toBe(false);
  });

  it('names missing files and refuses inconsistent options', () => {
    const missing = failure(['shoot', 'nope.mov', 'gone.mov']);
    expect(missing.message).toBe('no such file or folder: nope.mov (and 1 more)');
    expect(missing.exitCode).toBe(4);
    expect(failure(['shoot', '--chunk-size', '1M']).exitCode).toBe(2);
    expect(failure(['shoot', '--portal', 'acme']).message).toBe('--portal needs --sender EMAIL');
    expect(failure(['shoot', '--sender', 'a@b.c']).exitCode).toBe(2);
    expect(failure(['shoot', '--portal', 'p', '--sender', 'a@b.c', '--to', 'x@y.z']).exitCode).toBe(
      2,
    );
    expect(failure(['shoot', '--concurrency', '0']).exitCode).toBe(2);
    const noTeam = failure(['shoot'], { ...settings, teamId: null });
    expect(noTeam.exitCode).toBe(3);
  });
});
