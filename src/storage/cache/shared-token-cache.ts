import { once } from 'node:events';
import type { Redis } from 'ioredis';
import type { TokenDigest } from '../../auth/token.ts';
import type { TokenOwner } from '../../auth/token-store.ts';

/** A token-owner cache shared by every node (Redis). Each call may fail or time out; callers fall back to the database. */
export interface SharedTokenCache {
  get(digest: TokenDigest): Promise<TokenOwner | undefined>;
  set(digest: TokenDigest, owner: TokenOwner): Promise<void>;
  /** Removes the entries and leaves tombstones so a racing `set` cannot restore them. */
  evict(digests: readonly TokenDigest[]): Promise<void>;
}

/** Rejects with a timeout error when `work` takes longer than `ms`, so a slow cache can never hold a request up. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`cache call timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Waits a little for a Redis connection that is still being made: a revocation is worth the wait, where a
 * lookup is not. Rejects at once when the connection is closed for good.
 */
export async function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'end') throw new Error('Redis connection closed');
  await withTimeout(once(redis, 'ready'), timeoutMs);
}
