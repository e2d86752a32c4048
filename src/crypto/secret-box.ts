import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from './derive-key.ts';
import type { KeyList } from './key-list.ts';

const VERSION = 'kw1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// `kw1:<key position>:<base64url(iv ‖ ciphertext ‖ tag)>`; the position counts from 0, oldest key first.
const STORED_SHAPE = /^kw1:(\d{1,2}):([A-Za-z0-9_-]+)$/;

/** Encrypts and decrypts secrets at rest (OAuth secrets, two-factor secrets) with AES-256-GCM. */
export interface SecretBox {
  /** Encrypts under the current key: `kw1:<key position>:<base64url(iv ‖ ciphertext ‖ tag)>`. */
  encrypt(plain: string): string;
  /** Decrypts a value written by any key of the list; throws when it is malformed, unknown or tampered with. */
  decrypt(stored: string): string;
}

/** A SecretBox over a key list: writes with the last key, reads with whichever key the value names. */
export function createSecretBox(list: KeyList): SecretBox {
  // Derived once: HKDF per call would cost more than the AES itself.
  const aesKeys = list.keys.map((key) => deriveKey(key, 'aes-256-gcm'));
  return {
    encrypt(plain) {
      const index = list.currentIndex;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', aesKeys[index], iv);
      // The header is authenticated too, so a value cannot be relabelled with another version or key position.
      cipher.setAAD(Buffer.from(header(index)));
      const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${header(index)}:${body.toString('base64url')}`;
    },
    decrypt(stored) {
      const match = STORED_SHAPE.exec(stored);
      if (!match) throw new Error('Encrypted value is malformed: expected kw1:<key>:<data>');
      const index = Number(match[1]);
      if (index >= aesKeys.length) {
        throw new Error(`Encrypted value names key ${index + 1}, but the key list holds ${aesKeys.length}`);
      }
      const body = Buffer.from(match[2], 'base64url');
      if (body.length < IV_BYTES + TAG_BYTES) throw new Error('Encrypted value is malformed: too short');
      const decipher = createDecipheriv('aes-256-gcm', aesKeys[index], body.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(header(index)));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        const plain = Buffer.concat([
          decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        throw new Error('Encrypted value failed authentication: it was altered, or the key changed');
      }
    },
  };
}

function header(index: number): string {
  return `${VERSION}:${index}`;
}
