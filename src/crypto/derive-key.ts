import { createHmac, hkdfSync } from 'node:crypto';

/** What a derived key is for; each purpose gets its own key, so no key string ever serves two algorithms. */
export type KeyPurpose = 'aes-256-gcm' | 'check-value' | 'key-id' | 'tfa-token';

/**
 * A 256-bit key for one purpose, derived from a key string with HKDF-SHA256 (RFC 5869).
 *
 * Why HKDF rather than the key string's bytes: a crypt/key is text of any length (Magento's are 32 characters
 * from [0-9a-z], about 165 bits, not 32 uniform bytes), so it cannot be an AES-256 key as is. HKDF's extract
 * step turns it into a uniform key, and its `info` label separates purposes: the encryption key and the check
 * value key differ, and neither is the raw string that JWT signing will use. A fixed salt is enough here
 * because the input is already a secret with full entropy, not a password (no stretching needed).
 */
export function deriveKey(keyString: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(keyString, 'utf8'), 'keyway', `keyway/${purpose}/v1`, 32));
}

/**
 * A short public name for a key string (8 hex characters), written into each encrypted value so that it
 * finds its key again even after keys are appended to, or retired from, the list. It is an HMAC under a key
 * derived for this purpose only, so it says nothing about the key string or the other derived keys.
 */
export function keyIdOf(keyString: string): string {
  return createHmac('sha256', deriveKey(keyString, 'key-id')).update('keyway key id').digest('hex').slice(0, 8);
}
