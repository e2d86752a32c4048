import type { Redis } from 'ioredis';
import type { TokenDigest } from '../../auth/token.ts';
import type { TokenOwner } from '../../auth/token-store.ts';
import { whenReady, withTimeout, type SharedTokenCache } from './shared-token-cache.ts';

// Sets the entry only while no tombstone says the token was revoked meanwhile.
const SET_UNLESS_REVOKED = `
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1`;

export interface RedisCacheOptions {
  ttlMs: number;
  timeoutMs: number;
}

const entryKey = (digest: TokenDigest) => `keyway:token:${digest}`;
const tombKey = (digest: TokenDigest) => `keyway:revoked:${digest}`;

/** The shared token cache in Redis: keys are digests, never tokens; every call is time-boxed. */
export function createRedisTokenCache(redis: Redis, options: RedisCacheOptions): SharedTokenCache {
  // While the connection is down, skip Redis at once instead of queueing behind a reconnect.
  const ensureReady = () => {
    if (redis.status !== 'ready') throw new Error(`Redis is ${redis.status}`);
  };
  return {
    async get(digest) {
      ensureReady();
      const text = await withTimeout(redis.get(entryKey(digest)), options.timeoutMs);
      return text === null ? undefined : (JSON.parse(text) as TokenOwner);
    },
    async set(digest, owner) {
      ensureReady();
      await withTimeout(
        redis.eval(SET_UNLESS_REVOKED, 2, entryKey(digest), tombKey(digest), JSON.stringify(owner), options.ttlMs),
        options.timeoutMs,
      );
    },
    async evict(digests) {
      if (digests.length === 0) return;
      await whenReady(redis, options.timeoutMs * 4);
      const batch = redis.multi();
      for (const digest of digests) {
        batch.set(tombKey(digest), '1', 'PX', options.ttlMs);
        batch.del(entryKey(digest));
      }
      await withTimeout(batch.exec(), options.timeoutMs);
    },
  };
}
