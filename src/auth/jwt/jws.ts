// Compact JWS with jose: the one place tokens are signed and their signatures checked.
import { CompactSign, compactVerify } from 'jose';
import type { KeyList } from '../../crypto/key-list.ts';
import { parseClaims, type JwtClaims } from './jwt-claims.ts';
import type { JwtAlgorithm } from './jwt-settings.ts';
import { magentoJwtSecret } from './magento-key.ts';

// Magento's tokens run to about 200 characters (HS512 adds 43). The bound stops hostile input before any
// decoding: nothing longer is even split, let alone parsed.
export const MAX_JWT_LENGTH = 1024;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const HASH = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' } as const;
const CANONICAL_HEADERS = {
  HS256: canonicalHeader('HS256'),
  HS384: canonicalHeader('HS384'),
  HS512: canonicalHeader('HS512'),
} as const;

function canonicalHeader(alg: JwtAlgorithm): string {
  return `${Buffer.from(JSON.stringify({ kid: '1', alg })).toString('base64url')}.`;
}

/** Whether a presented bearer string is JWT-shaped (three base64url parts, bounded), so worth verifying. */
export function looksLikeJwt(presented: string): boolean {
  return presented.length <= MAX_JWT_LENGTH && JWT_SHAPE.test(presented);
}

/** Every key string's HMAC key for each algorithm, imported into WebCrypto once and reused. */
export class JwtKeyring {
  private readonly imported = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly list: KeyList) {}

  /** Positions to try, the current (last) key first. */
  get newestFirst(): number[] {
    return this.list.keys.map((_key, index) => index).reverse();
  }

  get currentIndex(): number {
    return this.list.currentIndex;
  }

  /** The HMAC key of the key string at `index` for `alg`, imported on first use. */
  key(alg: JwtAlgorithm, index: number): Promise<CryptoKey> {
    const id = `${alg}:${index}`;
    let key = this.imported.get(id);
    if (!key) {
      key = importHmacKey(magentoJwtSecret(this.list.keys[index]!), alg);
      this.imported.set(id, key);
    }
    return key;
  }
}

/**
 * Imports Magento's 2048-byte secret as an HMAC key. HMAC (RFC 2104) first hashes any key longer than the hash's
 * block (64 or 128 bytes), so the key's digest is imported instead: the same MAC, without hashing 2 KiB again
 * on every verification.
 */
async function importHmacKey(secret: Uint8Array<ArrayBuffer>, alg: JwtAlgorithm): Promise<CryptoKey> {
  const shortened = await crypto.subtle.digest(HASH[alg], secret);
  return crypto.subtle.importKey('raw', shortened, { name: 'HMAC', hash: HASH[alg] }, false, ['sign', 'verify']);
}

/** Signs claims as Magento's JwsManager does: compact form, protected header exactly `{"kid":"1","alg":...}`. */
export function signJws(payload: string, alg: JwtAlgorithm, key: CryptoKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ kid: '1', alg }).sign(key);
}

/** The payload of a token whose signature `key` verifies under `alg`; undefined for anything else, never a throw. */
export async function verifyJws(token: string, alg: JwtAlgorithm, key: CryptoKey): Promise<Uint8Array | undefined> {
  try {
    return (await compactVerify(token, key, { algorithms: [alg] })).payload;
  } catch {
    return undefined;
  }
}

/**
 * Whether the header names Keyway's one key (`kid` "1", as Magento numbers it) and the configured algorithm.
 * `crit` and `b64` are refused outright: Magento takes no detached or unencoded payloads, and an extension
 * Keyway does not know must not change how the signature reads.
 */
export function headerAccepted(token: string, alg: JwtAlgorithm): boolean {
  // The header Keyway and Magento write, compared as text before anything is decoded.
  if (token.startsWith(CANONICAL_HEADERS[alg])) return true;
  const header = decodeJson(token.slice(0, token.indexOf('.')));
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return false;
  const fields = header as Record<string, unknown>;
  return fields.kid === '1' && fields.alg === alg && !('crit' in fields) && !('b64' in fields);
}

/** The claims of a token before its signature is checked: only to choose which keys may verify it. */
export function unverifiedClaims(token: string): JwtClaims | undefined {
  const [, payload] = token.split('.');
  return parseClaims(Buffer.from(payload ?? '', 'base64url'));
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
