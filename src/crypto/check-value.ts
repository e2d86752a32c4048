import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from './derive-key.ts';
import type { KeyList } from './key-list.ts';

const LABEL = 'keyway key check';
// `kwc1:<first 16 bytes of the HMAC, hex>`: short, yet a chance collision of two keys is out of reach.
const PREFIX = 'kwc1:';
const DIGEST_BYTES = 16;

/** The check value of one key string: what the database keeps so that every node proves it holds that key. */
export function checkValueFor(keyString: string): string {
  const mac = createHmac('sha256', deriveKey(keyString, 'check-value')).update(LABEL).digest();
  return PREFIX + mac.subarray(0, DIGEST_BYTES).toString('hex');
}

/** What the stored check value says about the configured key list, and what to store next. */
export type KeyCheck =
  /** The stored value belongs to the current key. */
  | { outcome: 'ok' }
  /** Nothing stored yet: store `store`. */
  | { outcome: 'first-use'; store: string }
  /** The stored value belongs to an older key of the list (a key was appended): store `store`. */
  | { outcome: 'rotated'; store: string }
  /** No key of the list matches: the node must not start; `message` is the one line to show. */
  | { outcome: 'mismatch'; message: string };

/** Compares the stored check value with the key list: ok, first use, an accepted rotation, or a wrong key. */
export function checkKeyList(list: KeyList, stored: string | null | undefined): KeyCheck {
  const current = checkValueFor(list.keys[list.currentIndex]);
  if (stored === null || stored === undefined || stored === '') return { outcome: 'first-use', store: current };
  // Every key is compared, without stopping at a match, so timing says nothing about which key matched.
  const matches = list.keys.map((key) => sameText(checkValueFor(key), stored));
  if (matches[list.currentIndex]) return { outcome: 'ok' };
  if (matches.some(Boolean)) return { outcome: 'rotated', store: current };
  return {
    outcome: 'mismatch',
    message:
      'The encryption key does not match the one this database was set up with (check value differs): ' +
      'start with the same CRYPT_KEY or CRYPT_KEY_FILE as the other nodes, or append the new key after the old one',
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
