// Tokens made the way Magento makes them, with node:crypto alone, so the tests do not lean on the code under test.
import { createHmac } from 'node:crypto';

/** The reference's test vector (magento-jwt-and-import.md A.4): admin 1, key TEST_KEYS, iat 1700000000. */
export const VECTOR = {
  token:
    'eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.eyJ1aWQiOjEsInV0eXBpZCI6MiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9.medfRQHPbWCoJC7ZmyOP8Yrrj4PJW3hg27cR1OTdsjE',
  iat: 1_700_000_000,
  exp: 1_700_003_600,
} as const;

export const TEST_KEY = '0123456789abcdef0123456789abcdef';

const HASHES = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

/** PHP's str_pad($key, 2048, '&', STR_PAD_BOTH). */
export function paddedKey(key: string): string {
  const missing = Math.max(0, 2048 - key.length);
  return '&'.repeat(Math.floor(missing / 2)) + key + '&'.repeat(missing - Math.floor(missing / 2));
}

const part = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A signed compact JWS over any header and payload; `secret` is the raw HMAC key (already padded, or not). */
export function signWith(header: unknown, payload: unknown, secret: string, hash = 'sha256'): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** A token exactly as Magento issues it: header {kid, alg}, claims uid, utypid, iat, exp. */
export function magentoToken(
  claims: { uid: number; utypid: 2 | 3; iat: number; exp?: number },
  options: { key?: string; alg?: keyof typeof HASHES } = {},
): string {
  const alg = options.alg ?? 'HS256';
  const payload = { uid: claims.uid, utypid: claims.utypid, iat: claims.iat, exp: claims.exp ?? claims.iat + 3600 };
  return signWith({ kid: '1', alg }, payload, paddedKey(options.key ?? TEST_KEY), HASHES[alg]);
}

/** The decoded JSON text of a token's first two parts, byte for byte. */
export function decodedParts(token: string): { header: string; payload: string } {
  const [header, payload] = token.split('.');
  return {
    header: Buffer.from(header!, 'base64url').toString('utf8'),
    payload: Buffer.from(payload!, 'base64url').toString('utf8'),
  };
}

/** Unix seconds of a test clock. */
export const seconds = (ms: number) => Math.floor(ms / 1000);
