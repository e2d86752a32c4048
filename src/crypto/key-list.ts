/**
 * Keyway's key material, in the shape of Magento's `crypt/key`: one or more key strings separated by
 * whitespace, the last one current. Older keys stay so values they encrypted can still be read.
 */
export interface KeyList {
  /** Every key string, oldest first, exactly as configured (JWT derivation needs the exact text). */
  readonly keys: readonly string[];
  /** Position of the current key in `keys`: always the last one. */
  readonly currentIndex: number;
}

// Magento's own keys are 32 characters; anything under 16 is a typo or a placeholder, not a secret.
const MIN_KEY_LENGTH = 16;
const MAX_KEY_LENGTH = 1024;
// A bound so hostile material cannot make start-up derive keys for ever; 99 is far beyond any rotation history.
const MAX_KEYS = 99;
// Printable ASCII without space: what Magento writes into env.php, and what survives env files and shells.
const KEY_SHAPE = /^[\x21-\x7e]+$/;

/** Splits key material into its keys and checks each one; throws one clear line naming `source`. */
export function parseKeyList(material: string, source: string): KeyList {
  const keys = material.split(/\s+/).filter((key) => key !== '');
  if (keys.length === 0) throw new Error(`${source} holds no key: it is empty or only whitespace`);
  if (keys.length > MAX_KEYS) throw new Error(`${source} holds ${keys.length} keys; at most ${MAX_KEYS} are allowed`);
  keys.forEach((key, index) => {
    const where = keys.length === 1 ? `${source}` : `${source}, key ${index + 1} of ${keys.length},`;
    if (!KEY_SHAPE.test(key)) throw new Error(`${where} may hold only printable ASCII characters`);
    if (key.length < MIN_KEY_LENGTH) throw new Error(`${where} is too short: at least ${MIN_KEY_LENGTH} characters`);
    if (key.length > MAX_KEY_LENGTH) throw new Error(`${where} is too long: at most ${MAX_KEY_LENGTH} characters`);
  });
  return Object.freeze({ keys: Object.freeze(keys), currentIndex: keys.length - 1 });
}
