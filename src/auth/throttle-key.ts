import { createHash } from 'node:crypto';

/**
 * The key failed token requests are counted under. It ignores case and outer spaces, so "Admin" and "admin "
 * share one counter. A long or odd username is keyed by its digest, so whatever is submitted fits the log's
 * index and any database.
 */
export function throttleKey(username: string): string {
  const key = username.trim().toLowerCase();
  return key.length <= 128 && !/[\u0000-\u001f]/.test(key)
    ? key
    : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
