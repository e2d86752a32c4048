// Magento's JWT key, derived from the same crypt/key string as `SecretBasedJwksFactory` derives it.

const PADDED_LENGTH = 2048;
const PAD = '&';

/**
 * The HMAC key Magento signs JWTs with: the key string padded to 2048 characters with `&` on both sides
 * (PHP's `str_pad(key, 2048, '&', STR_PAD_BOTH)`: floor(n/2) on the left, the rest on the right), as UTF-8.
 * The string is used as is, a `base64`-prefixed 2.4.7 key included, so a shop's tokens verify here unchanged.
 */
export function magentoJwtSecret(keyString: string): Uint8Array<ArrayBuffer> {
  const missing = Math.max(0, PADDED_LENGTH - keyString.length);
  const left = Math.floor(missing / 2);
  return new TextEncoder().encode(PAD.repeat(left) + keyString + PAD.repeat(missing - left));
}
