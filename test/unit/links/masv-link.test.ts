import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MASV_LINK_SCHEME, formatMasvLink, parseMasvLink } from '../../../shared/links';
import type { MasvLinkErrorCode } from '../../../shared/links';

const ID = '01D2TMG9F0J6JD5SJ55NY27MXJ';
const SECRET = 'bqkBtnPwvmkgJpHN';
const LOCAL = '127.0.0.1:8480';

describe('parseMasvLink accepts', () => {
  const cases: [string, string, { host: string; apiHint?: string; production: boolean }][] = [
    [
      'production .app',
      `https://get.massive.app/${ID}?secret=${SECRET}`,
      { host: 'get.massive.app', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'production .io',
      `https://get.massive.io/${ID}?secret=${SECRET}`,
      { host: 'get.massive.io', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'extra query params',
      `https://get.massive.app/${ID}?lang=system&secret=${SECRET}&utm=x`,
      { host: 'get.massive.app', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'trailing slash',
      `https://get.massive.app/${ID}/?secret=${SECRET}`,
      { host: 'get.massive.app', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'fragment secret',
      `https://get.massive.app/${ID}#secret=${SECRET}`,
      { host: 'get.massive.app', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'upper-case host and surrounding whitespace',
      `  HTTPS://GET.MASSIVE.APP/${ID}?secret=${SECRET}\n`,
      { host: 'get.massive.app', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'lower-case id',
      `https://get.massive.app/${ID.toLowerCase()}?secret=${SECRET}`,
      { host: 'get.massive.app', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'configured local host over http',
      `http://${LOCAL}/${ID}?secret=${SECRET}`,
      { host: LOCAL, apiHint: `http://${LOCAL}`, production: false },
    ],
    [
      'configured local host over https',
      `https://${LOCAL}/${ID}?secret=${SECRET}`,
      { host: LOCAL, apiHint: `https://${LOCAL}`, production: false },
    ],
    [
      'masv scheme, production',
      `masv://get.massive.app/${ID}?secret=${SECRET}`,
      { host: 'get.massive.app', apiHint: 'https://api.massive.app', production: true },
    ],
    [
      'masv scheme, configured host',
      `masv://${LOCAL}/${ID}?secret=${SECRET}`,
      { host: LOCAL, production: false },
    ],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const result = parseMasvLink(input, { extraHosts: [LOCAL] });
    expect(result).toEqual({ ok: true, link: { linkId: ID, secret: SECRET, ...expected } });
  });
});

describe('parseMasvLink rejects', () => {
  const cases: [string, string, MasvLinkErrorCode, RegExp][] = [
    ['empty', '   ', 'empty', /No link/],
    [
      'over-long',
      `https://get.massive.app/${ID}?secret=${SECRET}&x=${'a'.repeat(2100)}`,
      'too-long',
      /2048/,
    ],
    [
      'space inside',
      `https://get.massive.app/${ID}?secret=${SECRET} x`,
      'invalid-characters',
      /spaces or control/,
    ],
    [
      'tab inside (URL() would drop it)',
      `https://get.massive.app/${ID}\t?secret=${SECRET}`,
      'invalid-characters',
      /control/,
    ],
    [
      'NUL inside',
      `https://get.massive.app/${ID}\u0000?secret=${SECRET}`,
      'invalid-characters',
      /control/,
    ],
    [
      'bidi override',
      `https://get.massive.app/${ID}\u202e?secret=${SECRET}`,
      'invalid-characters',
      /control/,
    ],
    [
      'backslash',
      `https://get.massive.app\\${ID}?secret=${SECRET}`,
      'invalid-characters',
      /backslash/,
    ],
    ['ftp scheme', `ftp://get.massive.app/${ID}?secret=${SECRET}`, 'unsupported-scheme', /"ftp:"/],
    ['javascript scheme', `javascript:alert(1)`, 'unsupported-scheme', /"javascript:"/],
    ['no scheme', `get.massive.app/${ID}?secret=${SECRET}`, 'unsupported-scheme', /https:\/\//],
    [
      'http on production',
      `http://get.massive.app/${ID}?secret=${SECRET}`,
      'unsupported-scheme',
      /https/,
    ],
    [
      'other host',
      `https://evil.example/${ID}?secret=${SECRET}`,
      'host-not-allowed',
      /evil\.example/,
    ],
    [
      'look-alike host',
      `https://get.massive.app.evil.example/${ID}?secret=${SECRET}`,
      'host-not-allowed',
      /not a MASV link host/,
    ],
    [
      'unconfigured local host',
      `http://127.0.0.1:9999/${ID}?secret=${SECRET}`,
      'host-not-allowed',
      /127\.0\.0\.1:9999/,
    ],
    [
      'masv scheme to other host',
      `masv://evil.example/${ID}?secret=${SECRET}`,
      'host-not-allowed',
      /evil/,
    ],
    [
      'credentials',
      `https://user:pass@get.massive.app/${ID}?secret=${SECRET}`,
      'credentials-in-url',
      /user name or password/,
    ],
    [
      'user only',
      `https://user@get.massive.app/${ID}?secret=${SECRET}`,
      'credentials-in-url',
      /user name/,
    ],
    [
      'port on production',
      `https://get.massive.app:8443/${ID}?secret=${SECRET}`,
      'port-not-allowed',
      /port/,
    ],
    [
      'default port on production',
      `https://get.massive.app:443/${ID}?secret=${SECRET}`,
      'port-not-allowed',
      /port/,
    ],
    ['missing secret', `https://get.massive.app/${ID}`, 'missing-secret', /no secret/],
    ['empty secret', `https://get.massive.app/${ID}?secret=`, 'missing-secret', /empty/],
    [
      'secret with odd characters',
      `https://get.massive.app/${ID}?secret=a%22b`,
      'bad-secret',
      /unexpected/,
    ],
    [
      'short id',
      `https://get.massive.app/01D2TMG9F0?secret=${SECRET}`,
      'bad-link-id',
      /26 characters/,
    ],
    [
      'id with U',
      `https://get.massive.app/01D2TMG9F0J6JD5SJ55NY27MXU?secret=${SECRET}`,
      'bad-link-id',
      /Crockford/,
    ],
    [
      'id overflowing 48 bits',
      `https://get.massive.app/81D2TMG9F0J6JD5SJ55NY27MXJ?secret=${SECRET}`,
      'bad-link-id',
      /ULID/,
    ],
    ['no id', `https://get.massive.app/?secret=${SECRET}`, 'bad-link-id', /no link id/],
    [
      'extra path',
      `https://get.massive.app/${ID}/../x?secret=${SECRET}`,
      'unexpected-path',
      /extra path/,
    ],
    ['no host', `https:///${ID}?secret=${SECRET}`, 'malformed-url', /no host/],
  ];
  it.each(cases)('%s', (_name, input, code, message) => {
    const result = parseMasvLink(input, { extraHosts: [LOCAL] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    // The secret never leaks into a user-facing message.
    expect(result.error.message).not.toContain(SECRET);
  });
});

describe('messages state the rule the parser applies', () => {
  const RULE =
    'A MASV link is https://get.massive.app/… (or get.massive.io), masv://…, or the address of the server in use over http:// or https://.';

  it('names the production hosts, masv:// and the server in use over http or https', () => {
    const r = parseMasvLink('not-a-link', { extraHosts: [LOCAL] });
    expect(r.ok ? '' : r.error.message).toBe(`This is not a link. ${RULE}`);
    // …and each form the message names is accepted.
    for (const link of [
      `https://get.massive.app/${ID}?secret=${SECRET}`,
      `https://get.massive.io/${ID}?secret=${SECRET}`,
      `http://${LOCAL}/${ID}?secret=${SECRET}`,
      `https://${LOCAL}/${ID}?secret=${SECRET}`,
      `${MASV_LINK_SCHEME}://${LOCAL}/${ID}?secret=${SECRET}`,
    ])
      expect(parseMasvLink(link, { extraHosts: [LOCAL] }).ok).toBe(true);
  });

  it('is the same words whether or not a server is configured', () => {
    for (const extraHosts of [[], [LOCAL]]) {
      const r = parseMasvLink(`ftp://get.massive.app/${ID}`, { extraHosts });
      expect(r.ok ? '' : r.error.message).toBe(`Links using "ftp:" are not supported. ${RULE}`);
    }
  });
});

describe('formatMasvLink', () => {
  it('uses https for production, http for configured hosts, masv on request', () => {
    expect(formatMasvLink({ linkId: ID, secret: SECRET, host: 'get.massive.app' })).toBe(
      `https://get.massive.app/${ID}?secret=${SECRET}`,
    );
    expect(formatMasvLink({ linkId: ID, secret: SECRET, host: LOCAL })).toBe(
      `http://${LOCAL}/${ID}?secret=${SECRET}`,
    );
    expect(
      formatMasvLink({ linkId: ID, secret: SECRET, host: LOCAL }, { scheme: MASV_LINK_SCHEME }),
    ).toBe(`masv://${LOCAL}/${ID}?secret=${SECRET}`);
  });
});

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.split('');
const linkIdArb = fc
  .tuple(
    fc.constantFrom(...'01234567'.split('')),
    fc.array(fc.constantFrom(...crockford), { minLength: 25, maxLength: 25 }),
  )
  .map(([head, tail]) => head + tail.join(''));
const secretArb = fc
  .array(
    fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-'.split(''),
    ),
    {
      minLength: 1,
      maxLength: 64,
    },
  )
  .map((chars) => chars.join(''));
const hostArb = fc.constantFrom('get.massive.app', 'get.massive.io', LOCAL, 'localhost:8480');

describe('properties', () => {
  it('round-trips every formatted link, in every scheme', () => {
    fc.assert(
      fc.property(
        linkIdArb,
        secretArb,
        hostArb,
        fc.constantFrom('https', 'masv', undefined),
        (linkId, secret, host, scheme) => {
          const text = formatMasvLink({ linkId, secret, host }, scheme ? { scheme } : {});
          const result = parseMasvLink(text, { extraHosts: [LOCAL, 'localhost:8480'] });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.link).toMatchObject({ linkId, secret, host });
        },
      ),
    );
  });

  it('never throws on random strings and always returns a coded result', () => {
    const prefixes = fc.constantFrom(
      '',
      'https://',
      'http://',
      'masv://',
      `https://get.massive.app/${ID}`,
      'https://get.massive.app/',
    );
    fc.assert(
      fc.property(prefixes, fc.string({ unit: 'binary', maxLength: 300 }), (prefix, tail) => {
        const result = parseMasvLink(prefix + tail, { extraHosts: [LOCAL] });
        if (result.ok) {
          expect(result.link.linkId).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
          expect(result.link.secret.length).toBeGreaterThan(0);
        } else {
          expect(result.error.code).toBeTypeOf('string');
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts only allowed hosts whatever the input', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const result = parseMasvLink(url, { extraHosts: [LOCAL] });
        if (result.ok)
          expect(['get.massive.app', 'get.massive.io', LOCAL]).toContain(result.link.host);
      }),
    );
  });
});
