// HS256 JWTs shaped like MASV's (masv-api.md §1.2). Clients must treat them as opaque; the
// emulator decodes them only to authorise requests.
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from './errors';

export interface PackageClaims {
  typ: 'package';
  sub: string;
  /** f = full (upload and manage), d = download only (from a link). */
  lvl: 'f' | 'd';
  lid?: string;
  uid?: string;
}

export interface UserClaims {
  sub: string;
}

/**
 * Verified tokens kept so a client's next request skips the HMAC: an upload sends the same
 * package token 3× per file, and jose's WebCrypto verify was the API's largest cost per request.
 * Bounded; the oldest entry goes first.
 */
const MAX_CACHED_TOKENS = 4096;

export class TokenService {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, Record<string, unknown>>();

  constructor(
    secretHex: string,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(secretHex, 'hex');
  }

  /** Expiry of a token minted now, for responses that carry one. */
  expiryDate(): Date {
    return new Date((this.nowSeconds() + this.lifetimeSeconds) * 1000);
  }

  async packageToken(
    packageId: string,
    lvl: 'f' | 'd',
    extra: { lid?: string; uid?: string } = {},
  ): Promise<string> {
    const payload: Record<string, unknown> = { typ: 'package', lvl, imp: false };
    if (extra.lid) payload.lid = extra.lid;
    if (extra.uid) payload.uid = extra.uid;
    return this.sign(payload, packageId);
  }

  async userToken(userId: string): Promise<string> {
    return this.sign({ ext: {}, imp: false }, userId);
  }

  async verifyPackage(token: string): Promise<PackageClaims> {
    const p = await this.verify(token);
    if (p.typ !== 'package' || typeof p.sub !== 'string' || (p.lvl !== 'f' && p.lvl !== 'd')) {
      throw unauthorized('invalid package token');
    }
    const claims: PackageClaims = { typ: 'package', sub: p.sub, lvl: p.lvl };
    if (typeof p.lid === 'string') claims.lid = p.lid;
    if (typeof p.uid === 'string') claims.uid = p.uid;
    return claims;
  }

  async verifyUser(token: string): Promise<UserClaims> {
    const p = await this.verify(token);
    if (p.typ !== undefined || typeof p.sub !== 'string') throw unauthorized('invalid user token');
    return { sub: p.sub };
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private async sign(payload: Record<string, unknown>, sub: string): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setExpirationTime(this.nowSeconds() + this.lifetimeSeconds)
      .sign(this.key);
  }

  private async verify(token: string): Promise<Record<string, unknown>> {
    const cached = this.verified.get(token);
    if (cached) {
      // The signature was checked once; expiry is time-dependent, so check it on every use, as
      // jose does (expired when exp <= now, in whole seconds).
      if (typeof cached.exp === 'number' && cached.exp <= this.nowSeconds())
        throw unauthorized('token expired');
      return cached;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      if (this.verified.size >= MAX_CACHED_TOKENS) {
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
      this.verified.set(token, payload);
      return payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthorized('token expired');
      throw unauthorized('invalid token');
    }
  }
}
