import { describe, expect, it } from 'vitest';
import { routeTemplate } from '../../../electron/masv/api-route';
import { requestIdOf } from '../../../electron/masv/http';

describe('routeTemplate', () => {
  it.each([
    ['https://api.massive.app/v1/packages/01HZX/files', '/v1/packages/{id}/files'],
    [
      'https://api.massive.app/v1/packages/01HZX/files/01F/download?x=1',
      '/v1/packages/{id}/files/{id}/download',
    ],
    ['https://api.massive.app/v1.1/teams/01T/packages', '/v1.1/teams/{id}/packages'],
    ['https://api.massive.app/v1/links/01L?secret=abc&password=pw', '/v1/links/{id}'],
    ['https://api.massive.app/v1/subdomains/portals/acme', '/v1/subdomains/portals/{id}'],
    ['https://api.massive.app/v1/system/packages/spec', '/v1/system/packages/spec'],
    ['https://api.massive.app/v1/auth', '/v1/auth'],
    ['http://127.0.0.1:4567/v1/packages/01P/finalize', '/v1/packages/{id}/finalize'],
    ['https://api.massive.app/', '/'],
    // A secret that lands in a path segment is not a known word: it becomes {id}.
    ['https://api.massive.app/v1/links/eyJhbGciOi.eyJzdWIi.c2ln', '/v1/links/{id}'],
    ['https://user:pw@api.massive.app/v1/teams#frag', '/v1/teams'],
  ])('%s → %s', (url, route) => {
    expect(routeTemplate('api', url)).toBe(route);
  });

  it('storage URLs are bucket and object keys: one template, nothing of the key or signature', () => {
    expect(
      routeTemplate(
        'storage',
        'https://s3.test/bucket/01PKG/clip.mov?uploadId=u&X-Amz-Signature=dead',
      ),
    ).toBe('/{object}');
  });
});

describe('requestIdOf', () => {
  it('reads the usual request id headers and refuses values that do not look like ids', () => {
    expect(requestIdOf({ 'x-request-id': 'abc-123' })).toBe('abc-123');
    expect(requestIdOf({ 'x-amz-request-id': ['0000a1', 'x'] })).toBe('0000a1');
    expect(requestIdOf({ 'x-request-id': 'has space; and=stuff "x"' })).toBeUndefined();
    expect(requestIdOf({ 'x-request-id': 'a'.repeat(200) })).toBeUndefined();
    expect(requestIdOf({})).toBeUndefined();
  });
});
