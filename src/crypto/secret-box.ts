import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey, keyIdOf } from './derive-key.ts';
import type { KeyList } from './key-list.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// `kw1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>`. `kw1` versions the format; the key id (see `keyIdOf`)
// names the key, rather than its position, so retiring the oldest key does not orphan values of the others.
const STORED_SHAPE = /^kw1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/;

/** Encrypts and decrypts secrets at rest (OAuth secrets, two-factor secrets) with AES-256-GCM. */
export interface SecretBox {
  /** Encrypts under the current key: `kw1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>`. */
  encrypt(plain: string): string;
  /** Decrypts a value written by any key of the list; throws when it is malformed, unknown or tampered with. */
  decrypt(stored: string): string;
}

/** A SecretBox over a key list: writes with the last key, reads with whichever key the value names. */
export function createSecretBox(list: KeyList): SecretBox {
  // Derived once: HKDF per call would cost more than the AES itself.
  const aesKeys = new Map<string, Buffer>();
  for (const key of list.keys) {
    const id = keyIdOf(key);
    const aesKey = deriveKey(key, 'aes-256-gcm');
    const known = aesKeys.get(id);
    // The same key listed twice is harmless; two different keys with one id (a 1 in 2^32 chance) is not.
    if (known && !known.equals(aesKey)) throw new Error('Two keys of the list share a key id: replace one of them');
    aesKeys.set(id, aesKey);
  }
  const currentId = keyIdOf(list.keys[list.currentIndex]);
  return {
    encrypt(plain) {
      const header = `kw1:${currentId}`;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', aesKeys.get(currentId)!, iv);
      // The header is authenticated too, so a value cannot be relabelled with another version or key id.
      cipher.setAAD(Buffer.from(header));
      const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${header}:${body.toString('base64url')}`;
    },
    decrypt(stored) {
      const match = STORED_SHAPE.exec(stored);
      if (!match) throw new Error('Encrypted value is malformed: expected kw1:<key id>:<data>');
      const aesKey = aesKeys.get(match[1]);
      if (!aesKey) throw new Error(`Encrypted value names key ${match[1]}, which is not in the key list`);
      const body = Buffer.from(match[2], 'base64url');
      if (body.length < IV_BYTES + TAG_BYTES) throw new Error('Encrypted value is malformed: too short');
      const decipher = createDecipheriv('aes-256-gcm', aesKey, body.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`kw1:${match[1]}`));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        const ciphertext = body.subarray(IV_BYTES, body.length - TAG_BYTES);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('Encrypted value failed authentication: it was altered, or written under another key');
      }
    },
  };
}
