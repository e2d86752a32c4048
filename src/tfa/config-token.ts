import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { deriveKey } from '../crypto/derive-key.ts';
import type { KeyList } from '../crypto/key-list.ts';

/** Magento's validity: a configuration token is good for one hour after it was issued. */
export const CONFIG_TOKEN_LIFETIME_S = 3600;
// A real token is about 160 characters; anything much longer is refused before it is decoded.
const MAX_TOKEN_LENGTH = 1024;

interface Claims {
  user_id: number;
  tfa_configuration: boolean;
  iss: number;
}

/**
 * Magento's "tfat" (`SignedTokenManager`): `base64(json + "." + base64(hex HMAC-SHA256(json)))`, with the json
 * `{"user_id":N,"tfa_configuration":true,"iss":SECONDS}`. Not stored, so it can be used until it expires.
 *
 * Magento signs with the crypt/key string itself. Keyway signs with a key derived from the current key for this
 * purpose alone (HKDF, label `tfa-token`): the same key string also encrypts secrets and may sign JWTs, and a
 * separate key makes a signature from one use worthless in any other. The price: a tfat from a Magento
 * installation does not verify in Keyway, which matters little for a token that lives one hour.
 */
export class ConfigTokens {
  private readonly key: Buffer;

  constructor(
    keys: KeyList,
    private readonly clock: Clock,
  ) {
    this.key = deriveKey(keys.keys[keys.currentIndex]!, 'tfa-token');
  }

  /** Issues a configuration token for an admin, valid one hour from now. */
  issueFor(userId: number): string {
    const json = JSON.stringify({ user_id: userId, tfa_configuration: true, iss: this.nowSeconds() });
    return Buffer.from(`${json}.${Buffer.from(this.sign(json)).toString('base64')}`).toString('base64');
  }

  /** The admin id a token claims, read without checking it (Magento's first step); undefined when unreadable. */
  claimedUserId(token: string): number | undefined {
    const parts = this.split(token);
    return parts?.claims.user_id;
  }

  /** Whether the token is Keyway's, for this admin, and under an hour old (Magento's `isValidFor`). */
  isValidFor(userId: number, token: string): boolean {
    const parts = this.split(token);
    if (!parts) return false;
    const { json, signature, claims } = parts;
    if (claims.user_id !== userId || claims.tfa_configuration !== true) return false;
    if (this.nowSeconds() - claims.iss >= CONFIG_TOKEN_LIFETIME_S) return false;
    const expected = Buffer.from(this.sign(json));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private split(token: string): { json: string; signature: string; claims: Claims } | undefined {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) {
      return undefined;
    }
    const parts = Buffer.from(token, 'base64').toString('utf8').split('.');
    if (parts.length !== 2) return undefined;
    const [json, encodedSignature] = parts as [string, string];
    let claims: unknown;
    try {
      claims = JSON.parse(json);
    } catch {
      return undefined;
    }
    if (!isClaims(claims)) return undefined;
    return { json, signature: Buffer.from(encodedSignature, 'base64').toString('latin1'), claims };
  }

  private sign(json: string): string {
    return createHmac('sha256', this.key).update(json).digest('hex');
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }
}

function isClaims(value: unknown): value is Claims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(claims.user_id) &&
    typeof claims.tfa_configuration === 'boolean' &&
    Number.isSafeInteger(claims.iss)
  );
}
