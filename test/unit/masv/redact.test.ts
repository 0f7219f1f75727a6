import { describe, expect, it } from 'vitest';
import { redact, redactHeaders, redactUrl, SecretSet } from '../../../electron/masv/redact';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMUQyIiwidHlwIjoicGFja2FnZSJ9.c2lnbmF0dXJlLXN0dWZm';

describe('redaction', () => {
  it('strips signatures, credentials and link secrets from URLs but keeps the useful parts', () => {
    const url =
      'https://s3.example/bucket/key?partNumber=3&uploadId=abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=deadbeef&X-Amz-Expires=3600';
    const out = redactUrl(url);
    expect(out).toContain('partNumber=3');
    expect(out).toContain('uploadId=abc');
    expect(out).toContain('X-Amz-Expires=3600');
    expect(out).not.toContain('deadbeef');
    expect(out).not.toContain('AKIA');
    expect(redactUrl('https://get.massive.app/01ABC?secret=s3cr3tValue&lang=en')).toBe(
      'https://get.massive.app/01ABC?secret=[redacted]&lang=en',
    );
    expect(redactUrl('https://user:pw@host/x#frag-secret')).toBe('https://host/x');
    expect(redactUrl('/v1/links/L?secret=abc')).toBe('/v1/links/L?secret=[redacted]');
  });

  it('masks credential headers', () => {
    expect(
      redactHeaders({
        'X-API-KEY': 'k',
        'x-package-token': jwt,
        'X-Link-Password': 'pw',
        accept: 'json',
      }),
    ).toEqual({
      'X-API-KEY': '[redacted]',
      'x-package-token': '[redacted]',
      'X-Link-Password': '[redacted]',
      accept: 'json',
    });
  });

  it('scrubs free text: JWTs, key=value secrets, JSON secret fields, header lines', () => {
    const text = `token ${jwt} url ?X-Amz-Signature=abc123&x=1 {"password":"hunter2","access_code":"1234","name":"ok"} X-API-KEY: key-value-1`;
    const out = redact(text);
    for (const s of [jwt, 'abc123', 'hunter2', '"1234"', 'key-value-1'])
      expect(out).not.toContain(s);
    expect(out).toContain('"name":"ok"');
  });

  it('SecretSet removes known secret values wherever they appear', () => {
    const s = new SecretSet();
    s.add('my-api-key-123456');
    s.add('abc'); // too short to scrub safely: ignored
    expect(s.scrub('failed with key my-api-key-123456 at abc')).toBe(
      'failed with key [redacted] at abc',
    );
  });
});
