import { checkKeyList } from './check-value.ts';
import type { KeyCheckStore } from './key-check-store.ts';
import type { KeyList } from './key-list.ts';

/** Thrown when the key list does not hold the key this database was set up with; its message is one line. */
export class KeyMismatchError extends Error {
  override readonly name = 'KeyMismatchError';
}

/**
 * Proves the key list holds the database's key, or throws `KeyMismatchError`. On a first start the current key's
 * check value is claimed; after a rotation (a key appended) the stored value moves to the new current key.
 */
export async function verifyKeyList(list: KeyList, store: KeyCheckStore): Promise<void> {
  const check = checkKeyList(list, await store.read());
  if (check.outcome === 'mismatch') throw new KeyMismatchError(check.message);
  if (check.outcome === 'rotated') await store.replace(check.store);
  if (check.outcome !== 'first-use') return;
  // Two nodes may start together on a new database with different keys: one claim wins, the other is checked
  // against it like any later start.
  const stored = await store.claim(check.store);
  const again = checkKeyList(list, stored);
  if (again.outcome === 'mismatch') throw new KeyMismatchError(again.message);
}
