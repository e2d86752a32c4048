import crypto, { createHash, randomBytes } from 'node:crypto';

declare const rawTokenBrand: unique symbol;
declare const digestBrand: unique symbol;
/** A bearer token as the client holds it. It exists only in the issuing response and in requests. */
export type RawToken = string & { readonly [rawTokenBrand]: true };
/** SHA-256 of a token, the only form that reaches a store, a cache key or a log line. */
export type TokenDigest = string & { readonly [digestBrand]: true };

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export const TOKEN_LENGTH = 32;
const TOKEN_SHAPE = /^[0-9a-z]{32}$/;
// 252 is the largest multiple of 36 below 256: bytes at or above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 252;

/** A new token in Magento's opaque format: 32 characters of [0-9a-z] (about 165 bits) from the CSPRNG. */
export function generateToken(): RawToken {
  let token = '';
  while (token.length < TOKEN_LENGTH) {
    for (const byte of randomBytes(48)) {
      if (byte < UNBIASED_LIMIT && token.length < TOKEN_LENGTH) token += ALPHABET[byte % 36];
    }
  }
  return token as RawToken;
}

/** Accepts a presented string as a token only when it has the shape Keyway issues; anything else is no token. */
export function asRawToken(presented: string): RawToken | undefined {
  return TOKEN_SHAPE.test(presented) ? (presented as RawToken) : undefined;
}

export function digestToken(token: RawToken): TokenDigest {
  return sha256Hex(token) as TokenDigest;
}

// Node 20.12+ hashes in one call; an older 20.x builds a Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot
  ? (text: string) => oneShot('sha256', text, 'hex')
  : (text: string) => createHash('sha256').update(text).digest('hex');
