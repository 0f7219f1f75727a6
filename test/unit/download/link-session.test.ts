import { describe, expect, it } from 'vitest';
import {
  apiUrlFor,
  parseLinkOrThrow,
  publicLinkText,
} from '../../../electron/engine/download/link-session';

const ID = '01D2TMG9F0J6JD5SJ55NY27MXJ';

describe('link session', () => {
  it('maps production links to the production API and hides the secret in display text', () => {
    const link = parseLinkOrThrow(`https://get.massive.io/${ID}?secret=abc`, {});
    expect(apiUrlFor(link, {})).toBe('https://api.massive.app');
    expect(publicLinkText(link)).toBe(`https://get.massive.io/${ID}`);
  });

  it('maps a configured host: http link → its origin, masv:// link → the configured API', () => {
    const config = { linkHosts: ['127.0.0.1:8480'] };
    expect(
      apiUrlFor(parseLinkOrThrow(`http://127.0.0.1:8480/${ID}?secret=abc`, config), config),
    ).toBe('http://127.0.0.1:8480');
    const deep = parseLinkOrThrow(`masv://127.0.0.1:8480/${ID}?secret=abc`, config);
    expect(() => apiUrlFor(deep, config)).toThrow(/no server is configured/);
    expect(
      apiUrlFor(deep, {
        ...config,
        apiUrlForHost: (h) => (h === '127.0.0.1:8480' ? 'https://127.0.0.1:8480' : undefined),
      }),
    ).toBe('https://127.0.0.1:8480');
  });

  it('refuses other hosts with the parser message, never echoing the secret', () => {
    expect(() => parseLinkOrThrow(`https://evil.example/${ID}?secret=topsecret`, {})).toThrow(
      /not a usable MASV link: .*evil\.example/,
    );
    try {
      parseLinkOrThrow(`https://evil.example/${ID}?secret=topsecret`, {});
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('topsecret');
    }
  });
});
