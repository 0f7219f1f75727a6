// The verified-token cache must not weaken checks: expiry is re-read on every use and a token
// that differs from a cached one by one character is verified (and refused) on its own.
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { TokenService } from './tokens';

const SECRET = 'ab'.repeat(32);

async function rejection(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return { status: (err as ApiError).status, message: (err as ApiError).message };
  }
  throw new Error('expected a rejection');
}

describe('TokenService cache', () => {
  it('refuses a cached token once its exp has passed', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const tokens = new TokenService(SECRET, 60, () => now);
    const token = await tokens.packageToken('P1', 'f');
    expect(await tokens.verifyPackage(token)).toEqual({ typ: 'package', sub: 'P1', lvl: 'f' });
    now += 59_000;
    expect((await tokens.verifyPackage(token)).sub).toBe('P1');
    now += 1_000;
    expect(await rejection(tokens.verifyPackage(token))).toEqual({
      status: 401,
      message: 'token expired',
    });
  });

  it('verifies a tampered copy of a cached token on its own', async () => {
    const tokens = new TokenService(SECRET, 3600);
    const token = await tokens.packageToken('P1', 'f');
    await tokens.verifyPackage(token);
    // The signature's first character (its last one carries padding bits that may not matter).
    const at = token.lastIndexOf('.') + 1;
    const tampered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    expect(await rejection(tokens.verifyPackage(tampered))).toEqual({
      status: 401,
      message: 'invalid token',
    });
    // A package token is not a user token, cached or not.
    expect(await rejection(tokens.verifyUser(token))).toEqual({
      status: 401,
      message: 'invalid user token',
    });
  });
});
