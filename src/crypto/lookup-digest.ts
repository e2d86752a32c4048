import { asRawToken, digestToken, type TokenDigest } from '../auth/token.ts';

/**
 * The lookup digest of a presented OAuth token (request or access token): SHA-256 hex, exactly as customer
 * and admin tokens are stored, so the raw token never reaches a store. OAuth tokens have the same shape as
 * bearer tokens (32 characters of [0-9a-z]); a string of any other shape can match no row and gives undefined.
 */
export function lookupDigest(presented: string): TokenDigest | undefined {
  const token = asRawToken(presented);
  return token === undefined ? undefined : digestToken(token);
}
