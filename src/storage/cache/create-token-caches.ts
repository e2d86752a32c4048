import { Redis } from 'ioredis';
import type { UserFacts } from '../../auth/jwt/user-facts.ts';
import type { Logger } from '../../logger.ts';
import { createPostgresRevocationBus } from '../bus/postgres-revocation-bus.ts';
import { createRedisRevocationBus } from '../bus/redis-revocation-bus.ts';
import { isPostgresDriver } from '../sql/postgres-driver.ts';
import type { SqlDriver } from '../sql/sql-driver.ts';
import { LocalTokenCache } from './local-token-cache.ts';
import { createRedisTokenCache } from './redis-token-cache.ts';
import { TokenCaches } from './token-caches.ts';

const LOCAL_TTL_MS = 10_000;
const SHARED_TTL_MS = 60_000;
// Loopback Redis answers in well under a millisecond; past this a call is treated as failed.
const REDIS_TIMEOUT_MS = 250;

export interface CacheSetup {
  redisUrl?: string;
  driver: SqlDriver;
  logger: Logger;
}

/**
 * Chooses the caches a deployment can use safely. With Redis: a shared cache plus pub/sub revocations and a
 * local cache. On PostgreSQL alone: LISTEN/NOTIFY revocations and a local cache. On SQLite (one node, and a
 * command line that writes to the same file without a bus): no cache at all, since a lookup there is cheap.
 * A PostgreSQL driver that cannot name its database gets no cache either: without a bus none would be safe.
 */
export function createTokenCaches(setup: CacheSetup): { caches: TokenCaches; close(): Promise<void> } {
  if (setup.redisUrl) {
    const redis = new Redis(setup.redisUrl, {
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: REDIS_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Reconnection failures arrive as error events; the calls themselves already fall back to the database.
    redis.on('error', () => {});
    const caches = new TokenCaches({
      local: new LocalTokenCache(100_000, LOCAL_TTL_MS),
      users: new LocalTokenCache<UserFacts>(100_000, LOCAL_TTL_MS),
      shared: createRedisTokenCache(redis, { ttlMs: SHARED_TTL_MS, timeoutMs: REDIS_TIMEOUT_MS }),
      bus: createRedisRevocationBus(redis, REDIS_TIMEOUT_MS),
      sharedTtlMs: SHARED_TTL_MS,
      logger: setup.logger,
    });
    return {
      caches,
      async close() {
        await caches.close();
        redis.disconnect();
      },
    };
  }
  if (isPostgresDriver(setup.driver)) {
    const caches = new TokenCaches({
      local: new LocalTokenCache(100_000, LOCAL_TTL_MS),
      users: new LocalTokenCache<UserFacts>(100_000, LOCAL_TTL_MS),
      bus: createPostgresRevocationBus(setup.driver, setup.driver.connectionString),
      logger: setup.logger,
    });
    return { caches, close: () => caches.close() };
  }
  const caches = new TokenCaches({ logger: setup.logger });
  return { caches, close: () => caches.close() };
}
