// Magento's `Encryptor::decrypt` for values written by 2.4 (`<key version>:3:<base64>`): ChaCha20-Poly1305-IETF
// under `crypt/key[version]`, the 12-byte nonce first and used as the additional data too
// (lib/internal/Magento/Framework/Encryption/Adapter/SodiumChachaIetf.php). Older mcrypt values (`:2:`, `:1:`,
// `:0:`) need PHP's Rijndael-256, which Node does not have: they are refused by name.
import { createDecipheriv } from 'node:crypto';

const ENCRYPTED = /^(\d+):(\d+):([A-Za-z0-9+/=]+)$/;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** True when a stored value has the shape of a Magento-encrypted one rather than plain text. */
export function isMagentoEncrypted(value: string): boolean {
  return ENCRYPTED.test(value);
}

/** Decrypts Magento-encrypted values with a shop's `crypt/key` (several keys separated by white space). */
export interface MagentoDecrypter {
  decrypt(value: string): string;
}

/** The key bytes: a 2.4.7+ `base64…` key is decoded, any other used as its characters' bytes, as sodium does. */
function keyBytes(key: string): Buffer {
  return key.startsWith('base64') ? Buffer.from(key.slice('base64'.length), 'base64') : Buffer.from(key, 'utf8');
}

export function createMagentoDecrypter(cryptKey: string): MagentoDecrypter {
  const keys = cryptKey.trim().split(/\s+/).filter(Boolean).map(keyBytes);
  if (keys.length === 0 || keys.some((key) => key.length !== 32)) {
    throw new Error("--magento-crypt-key must be env.php's crypt/key: 32-character keys, separated by spaces");
  }
  return {
    decrypt(value) {
      const match = ENCRYPTED.exec(value);
      if (!match) throw new Error('not a Magento-encrypted value');
      const key = keys[Number(match[1])];
      if (!key) throw new Error(`encrypted with key version ${match[1]}, which --magento-crypt-key does not hold`);
      if (match[2] !== '3')
        throw new Error(`encrypted with Magento cipher version ${match[2]}, which Keyway cannot read`);
      const body = Buffer.from(match[3]!, 'base64');
      if (body.length < NONCE_BYTES + TAG_BYTES) throw new Error('encrypted value is too short');
      const nonce = body.subarray(0, NONCE_BYTES);
      const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(nonce, { plaintextLength: body.length - NONCE_BYTES - TAG_BYTES });
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new Error('encrypted value does not decrypt with --magento-crypt-key (another key, or altered)');
      }
    },
  };
}
