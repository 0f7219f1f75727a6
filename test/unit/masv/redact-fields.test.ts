import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  redactLogLine,
  redactText,
  redactUrlQuery,
  redactValue,
} from '../../../electron/masv/redact-fields';
import { createFileLogger } from '../../../electron/services/file-logger';

const SECRET_FIELDS = [
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'access_token',
  'packageToken',
  'userToken',
  'password',
  'accessCode',
  'access-code',
  'secret',
  'downloadSecret',
  'authorization',
  'x-api-key',
  'x-user-token',
  'x-package-token',
  'cookie',
  'Set-Cookie',
];
const SECRET_QUERY = [
  'secret',
  'token',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'signature',
  'password',
  'code',
  'access_code',
];

/** A value no generated noise will contain by chance. */
const secretValue = fc.stringMatching(/^[A-Za-z0-9~._-]{10,40}$/).map((s) => `Zq9${s}`);

/** Plain field names that say nothing about secrets. */
const plainKey = fc.constantFrom(
  'files',
  'meta',
  'detail',
  'items',
  'request',
  'ctx',
  'x',
  'headers',
);

type Placement = (secret: string) => fc.Arbitrary<unknown>;

const placements: Placement[] = [
  // Under a secret-named field, in any letter case.
  (s) =>
    fc
      .tuple(fc.constantFrom(...SECRET_FIELDS), fc.boolean())
      .chain(([name, upper]) =>
        fc.mixedCase(fc.constant(name)).map((n) => ({ [upper ? n.toUpperCase() : n]: s })),
      ),
  // A secret-named field holding a structure: all of it goes.
  (s) => fc.constantFrom(...SECRET_FIELDS).map((n) => ({ [n]: { nested: [s, { v: s }] } })),
  // In a URL query, in a field or inside free text.
  (s) =>
    fc
      .tuple(fc.constantFrom(...SECRET_QUERY), fc.constantFrom('https', 'http'), fc.boolean())
      .map(([k, scheme, inText]) => {
        const url = `${scheme}://storage.test/b/k?partNumber=3&${k}=${encodeURIComponent(s)}&lang=en`;
        return inText ? `request to ${url} failed: reset` : url;
      }),
];

/** The seeded secret at an arbitrary depth of arrays and objects, beside arbitrary noise. */
const nested = (s: string) =>
  fc
    .tuple(
      fc.oneof(...placements.map((p) => p(s))),
      fc.array(fc.tuple(fc.boolean(), plainKey, fc.nat(3)), { maxLength: 12 }),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map(([leaf, path, noise]) => {
      let v: unknown = leaf;
      for (const [asArray, key, index] of path) {
        if (asArray) {
          const arr: unknown[] = Array.from({ length: index }, () => noise);
          arr.push(v);
          v = arr;
        } else v = { [key]: v, noise };
      }
      return v;
    });

describe('structural redaction', () => {
  it('never lets a seeded secret through, whatever the nesting (property)', () => {
    fc.assert(
      fc.property(
        secretValue.chain((s) => fc.tuple(fc.constant(s), nested(s))),
        ([secret, value]) => {
          const out = JSON.stringify(redactValue(value));
          expect(out).not.toContain(secret);
          expect(out).not.toContain(encodeURIComponent(secret));
        },
      ),
      { numRuns: 500 },
    );
  });

  const dir = mkdtempSync(join(tmpdir(), 'redact-fields-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the file logger writes none of them either, in fields or in the message (property)', () => {
    let n = 0;
    fc.assert(
      fc.property(
        secretValue.chain((s) =>
          fc.tuple(fc.constant(s), nested(s), fc.constantFrom(...SECRET_QUERY)),
        ),
        ([secret, value, key]) => {
          const logger = createFileLogger(dir, `run-${n++}.log`);
          logger.warn(
            `GET https://api.test/v1/links/L?${key}=${encodeURIComponent(secret)} failed`,
            {
              value,
            },
          );
          const text = readFileSync(logger.file, 'utf8');
          expect(text).not.toContain(secret);
          expect(text).not.toContain(encodeURIComponent(secret));
          const line = JSON.parse(text) as { level: string; msg: string };
          expect(line.level).toBe('warn');
          expect(line.msg).toContain('https://api.test/v1/links/L?');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps what is useful: plain fields, non-secret query values, error names and codes', () => {
    const err = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      token: 't0ken-value',
    });
    const out = redactValue({
      id: '01PKG',
      headers: { 'X-Api-Key': 'k3y-value-123', accept: 'application/json' },
      url: 'https://s3.test/b/k?partNumber=3&uploadId=u1&X-Amz-Signature=deadbeef&X-Amz-Expires=900',
      error: err,
      when: new Date(0),
      big: 10n,
      fn: () => 1,
    });
    expect(out).toEqual({
      id: '01PKG',
      headers: { 'X-Api-Key': '[redacted]', accept: 'application/json' },
      url: 'https://s3.test/b/k?partNumber=3&uploadId=u1&X-Amz-Signature=[redacted]&X-Amz-Expires=900',
      error: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
      when: '1970-01-01T00:00:00.000Z',
      big: '10',
    });
  });

  it('survives cycles and deep nesting', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactValue(a)).toEqual({ name: 'a', self: '[circular]' });
    let deep: unknown = { password: 'pw-123456' };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(JSON.stringify(redactValue(deep))).not.toContain('pw-123456');
  });

  it('URLs lose user:password@, secret query values and fragments', () => {
    expect(redactUrlQuery('https://u:p4ss@host/x?secret=s&a=1#linksecret')).toBe(
      'https://host/x?secret=[redacted]&a=1#[redacted]',
    );
    expect(redactText('see http://h/p?code=123456&state=ok and https://h2/q?sig=abc')).toBe(
      'see http://h/p?code=[redacted]&state=ok and https://h2/q?sig=[redacted]',
    );
  });

  it('redacts log lines from disk: JSON by structure, anything else as text', () => {
    expect(redactLogLine('{"msg":"x","fields":{"userToken":"abc123456"}}')).toBe(
      '{"msg":"x","fields":{"userToken":"[redacted]"}}',
    );
    expect(redactLogLine('plain https://h/p?token=abc123456 line')).toBe(
      'plain https://h/p?token=[redacted] line',
    );
    expect(redactLogLine('{"cut":"https://h/?secret=abcdef', { scrub: (t) => t })).not.toContain(
      'abcdef',
    );
  });
});
