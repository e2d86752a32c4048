// Issues and reads Magento-compatible JWTs; what a token's session record or user says is decided by the caller.
import { randomBytes } from 'node:crypto';
import type { Settings } from '../../config/settings.ts';
import type { KeyList } from '../../crypto/key-list.ts';
import type { SignInUserType } from '../principal.ts';
import { digestToken, type RawToken, type TokenDigest } from '../token.ts';
import { parseClaims, serializeClaims, type JwtClaims } from './jwt-claims.ts';
import { jwtAlgorithm, jwtLifetimeMinutes } from './jwt-settings.ts';
import { headerAccepted, JwtKeyring, looksLikeJwt, signJws, unverifiedClaims, verifyJws } from './jws.ts';

/** A new JWT, the digest its session record is stored under, and when it ends (ms). */
export interface MintedJwt {
  token: RawToken;
  digest: TokenDigest;
  expiresAt: number;
}

/** A JWT whose header, signature and lifetime hold; `digest` finds its session record, if it has one. */
export interface ReadJwt {
  claims: JwtClaims;
  digest: TokenDigest;
}

/** Signs with the current key; reads with the rule in `read`. */
export class JwtTokens {
  private readonly keyring: JwtKeyring;

  constructor(
    keys: KeyList,
    private readonly settings: Settings,
  ) {
    this.keyring = new JwtKeyring(keys);
  }

  /** A token for a user who has just signed in: Magento's header and claims, plus a random `jti`. */
  async mint(userType: SignInUserType, userId: number, nowMs: number): Promise<MintedJwt> {
    const alg = jwtAlgorithm(this.settings);
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + jwtLifetimeMinutes(this.settings, userType) * 60;
    // 128 random bits: two tokens of one user in one second differ, so each has a record of its own.
    const jti = randomBytes(16).toString('base64url');
    const payload = serializeClaims({ uid: userId, utypid: userType, iat, exp, jti });
    const token = (await signJws(payload, alg, await this.keyring.key(alg, this.keyring.currentIndex))) as RawToken;
    return { token, digest: digestToken(token), expiresAt: exp * 1000 };
  }

  /**
   * The claims of a token that is JWT-shaped, names kid "1" and the configured algorithm, verifies, carries
   * Magento's claims and has not reached `exp` (Magento's `exp <= now` is expired). Undefined for anything else.
   *
   * The current key verifies every token. Older keys of the list verify only tokens with a `jti`, which Keyway
   * issued and which also need their session record: rotating the key then logs no one out, while a leaked old
   * key forges nothing, since a forged token has no record. Tokens without one (Magento's) follow Magento's
   * rule: the current key only.
   */
  async read(presented: string, nowMs: number): Promise<ReadJwt | undefined> {
    if (!looksLikeJwt(presented)) return undefined;
    const alg = jwtAlgorithm(this.settings);
    if (!headerAccepted(presented, alg)) return undefined;
    const current = this.keyring.currentIndex;
    const payload = await verifyJws(presented, alg, await this.keyring.key(alg, current));
    if (payload) return this.accept(presented, parseClaims(payload), nowMs);
    if (this.keyring.newestFirst.length === 1 || unverifiedClaims(presented)?.jti === undefined) return undefined;
    for (const index of this.keyring.newestFirst.slice(1)) {
      const older = await verifyJws(presented, alg, await this.keyring.key(alg, index));
      if (!older) continue;
      const claims = parseClaims(older);
      return claims?.jti === undefined ? undefined : this.accept(presented, claims, nowMs);
    }
    return undefined;
  }

  /** Whether the token's header still names kid "1" and the configured algorithm. */
  headerAccepted(presented: string): boolean {
    return headerAccepted(presented, jwtAlgorithm(this.settings));
  }

  private accept(presented: string, claims: JwtClaims | undefined, nowMs: number): ReadJwt | undefined {
    if (!claims || claims.exp <= Math.floor(nowMs / 1000)) return undefined;
    return { claims, digest: digestToken(presented as RawToken) };
  }
}
