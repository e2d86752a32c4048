import { Redis } from 'ioredis';
import type { CustomerRecord } from '../../accounts/customer-store.ts';
import type { UserFacts } from '../../auth/jwt/user-facts.ts';
import type { Logger } from '../../logger.ts';
import { createPostgresRevocationBus } from '../bus/postgres-revocation-bus.ts';
import { createRedisRevocationBus } from '../bus/redis-revocation-bus.ts';
import { createSqliteChangeWatch } from '../bus/sqlite-change-watch.ts';
import { isPostgresDriver } from '../sql/postgres-driver.ts';
import { isSqliteDriver } from '../sql/sqlite-driver.ts';
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

/** The in-process caches every deployment keeps, each bounded in size and age. */
function localCaches() {
  return {
    local: new LocalTokenCache(100_000, LOCAL_TTL_MS),
    users: new LocalTokenCache<UserFacts>(100_000, LOCAL_TTL_MS),
    customers: new LocalTokenCache<CustomerRecord>(100_000, LOCAL_TTL_MS),
    roles: new LocalTokenCache<ReadonlySet<string>>(10_000, LOCAL_TTL_MS),
  };
}

/**
 * Chooses the caches a deployment can use safely. With Redis: a shared cache plus pub/sub revocations and
 * in-process caches. On PostgreSQL alone: LISTEN/NOTIFY revocations and in-process caches. On SQLite (one node;
 * a command line may write to the same file): in-process caches checked against SQLite's data_version on every
 * use, so another process's commit empties them before they answer. A PostgreSQL driver that cannot name its
 * database gets no cache: without a bus none would be safe.
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
      ...localCaches(),
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
      ...localCaches(),
      bus: createPostgresRevocationBus(setup.driver, setup.driver.connectionString),
      logger: setup.logger,
    });
    return { caches, close: () => caches.close() };
  }
  if (isSqliteDriver(setup.driver)) {
    const caches = new TokenCaches({
      ...localCaches(),
      bus: createSqliteChangeWatch(setup.driver),
      logger: setup.logger,
    });
    return { caches, close: () => caches.close() };
  }
  const caches = new TokenCaches({ logger: setup.logger });
  return { caches, close: () => caches.close() };
}
