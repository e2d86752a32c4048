import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type ParamOrder, signatureBaseString, signingKey } from './base-string.ts';
import { percentEncode } from './percent-encoding.ts';
import type { OAuthRequest } from './parse-request.ts';
import type { Param } from './param.ts';

/** The signature methods Keyway knows; which of them a request may use is a setting. */
export const SIGNATURE_METHODS = { 'HMAC-SHA1': 'sha1', 'HMAC-SHA256': 'sha256' } as const;
export type SignatureMethod = keyof typeof SIGNATURE_METHODS;

/** Whether the request's `oauth_signature_method` is one Keyway accepts (SHA-1 only when allowed). */
export function isAcceptedMethod(method: string, allowSha1: boolean): method is SignatureMethod {
  return method === 'HMAC-SHA256' || (allowSha1 && method === 'HMAC-SHA1');
}

/** base64(HMAC(key, base string)): the `oauth_signature` a client computes. */
export function computeSignature(method: SignatureMethod, baseString: string, key: string): string {
  return createHmac(SIGNATURE_METHODS[method], key).update(baseString).digest('base64');
}

/**
 * Whether `oauth_signature` matches the request under the consumer secret and token secret (none on the
 * request-token step). The RFC 5849 form is checked, and with it the forms real clients produce for older
 * Magento releases (reference §7.4): (a) the key without its trailing `&` when there is no token secret,
 * (b) parameters in PHP's natural order; besides, the query's `+` read as a space (RFC form decoding) or kept
 * (PHP's rawurldecode, oauth-1.0a), and a repeated name signed with every value (RFC, oauth-1.0a) or with
 * its last (Magento's PHP array). Each form is an HMAC under the same secret over the same request, so none
 * can be met without the secret. Every form is computed and compared, with no early exit, and each
 * comparison is constant-time over equal-length digests, so timing tells nothing about the signature.
 */
export function verifySignature(
  request: OAuthRequest,
  method: SignatureMethod,
  consumerSecret: string,
  tokenSecret?: string,
): boolean {
  const received = request.values.get('oauth_signature') ?? '';
  const keys = [signingKey(consumerSecret, tokenSecret)];
  if (!tokenSecret) keys.push(percentEncode(consumerSecret));
  const paramSets = [request.signed, ...(request.signedPlusAsSpace ? [request.signedPlusAsSpace] : [])];
  const baseStrings = new Set<string>();
  for (const params of paramSets) {
    for (const order of ['byte', 'natural'] as ParamOrder[]) {
      baseStrings.add(signatureBaseString(request.method, request.baseUrl, params, order));
      // Magento builds a PHP array, where a repeated name keeps only its last value; RFC signs every value.
      if (hasRepeats(params))
        baseStrings.add(signatureBaseString(request.method, request.baseUrl, lastWins(params), order));
    }
  }
  const expected = digest(received);
  let matched = false;
  for (const base of baseStrings) {
    for (const key of keys) {
      // The comparison comes first, so every candidate is compared whatever the earlier ones gave.
      matched = timingSafeEqual(digest(computeSignature(method, base, key)), expected) || matched;
    }
  }
  return matched;
}

// Comparing SHA-256 digests makes both sides 32 bytes, so neither the length nor the content of the received
// signature shortens the comparison.
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function hasRepeats(params: readonly Param[]): boolean {
  return new Set(params.map((param) => param.name)).size !== params.length;
}

function lastWins(params: readonly Param[]): Param[] {
  return [...new Map(params.map((param) => [param.name, param])).values()];
}
