// backends: sqlite, postgres
// The caches in front of the token table: bounded, tombstoned, time-boxed, and never in the way of a revocation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { TokenDigest } from '../../src/auth/token.ts';
import { silentLogger } from '../../src/logger.ts';
import type { RevocationBus } from '../../src/storage/bus/revocation-bus.ts';
import { userKey, type UserFacts } from '../../src/auth/jwt/user-facts.ts';
import { LocalTokenCache } from '../../src/storage/cache/local-token-cache.ts';
import { createRedisTokenCache } from '../../src/storage/cache/redis-token-cache.ts';
import type { SharedTokenCache } from '../../src/storage/cache/shared-token-cache.ts';
import { TokenCaches } from '../../src/storage/cache/token-caches.ts';
import type { TokenOwner } from '../../src/auth/token-store.ts';
import { REDIS_URL, freePort, missingService } from '../helpers/services.ts';

const digest = () => randomBytes(32).toString('hex') as TokenDigest;
const owner = (userId: number): TokenOwner => ({
  tokenId: userId,
  userType: 3,
  userId,
  createdAt: 1,
  lastUsedAt: null,
  customer: { websiteId: 1, groupId: 1, storeId: 1 },
  admin: null,
  integration: null,
});

describe('LocalTokenCache', () => {
  it('answers what was set until it ages out', () => {
    let now = 0;
    const cache = new LocalTokenCache(10, 1000, () => now);
    const d = digest();
    cache.set(d, owner(1));
    assert.deepEqual(cache.get(d), owner(1));
    now = 999;
    assert.deepEqual(cache.get(d), owner(1));
    now = 1000;
    assert.equal(cache.get(d), undefined);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = new LocalTokenCache(3, 1000, () => 0);
    const digests = [digest(), digest(), digest(), digest()];
    for (const [i, d] of digests.entries()) cache.set(d, owner(i));
    assert.equal(cache.size, 3);
    assert.equal(cache.get(digests[0]!), undefined);
    assert.deepEqual(cache.get(digests[3]!), owner(3));
  });

  it('an evicted digest cannot be set again until its tombstone ages out', () => {
    let now = 0;
    const cache = new LocalTokenCache(10, 1000, () => now);
    const d = digest();
    cache.set(d, owner(1));
    cache.evict([d]);
    assert.equal(cache.get(d), undefined);
    cache.set(d, owner(1));
    assert.equal(cache.get(d), undefined, 'a read that began before the revocation cannot restore it');
    now = 1001;
    cache.set(d, owner(1));
    assert.deepEqual(cache.get(d), owner(1));
  });
});

/** A bus the test controls: whether it is live, and what was published. */
function fakeBus(): RevocationBus & {
  published: TokenDigest[][];
  setLive(value: boolean): void;
  deliver(d: TokenDigest[]): void;
} {
  let live = false;
  let handlers: { onRevoked: (d: TokenDigest[]) => void; onLiveChange: (live: boolean) => void } | undefined;
  const bus = {
    published: [] as TokenDigest[][],
    get live() {
      return live;
    },
    async publish(digests: readonly TokenDigest[]) {
      bus.published.push([...digests]);
    },
    start(onRevoked: (d: TokenDigest[]) => void, onLiveChange: (live: boolean) => void) {
      handlers = { onRevoked, onLiveChange };
    },
    async close() {},
    setLive(value: boolean) {
      live = value;
      handlers?.onLiveChange(value);
    },
    deliver(d: TokenDigest[]) {
      handlers?.onRevoked(d);
    },
  };
  return bus;
}

describe('TokenCaches', () => {
  it('uses the local cache only while the bus is live, and starts it afresh when the bus comes back', async () => {
    const bus = fakeBus();
    const caches = new TokenCaches({ local: new LocalTokenCache(), bus, logger: silentLogger });
    caches.start();
    const d = digest();
    caches.remember(d, owner(1));
    assert.equal(await caches.find(d), undefined, 'not live: nothing kept');
    bus.setLive(true);
    caches.remember(d, owner(1));
    assert.deepEqual(await caches.find(d), owner(1));
    bus.setLive(false);
    assert.equal(await caches.find(d), undefined, 'not live: not trusted');
    bus.setLive(true);
    assert.equal(await caches.find(d), undefined, 'revocations may have been missed meanwhile');
  });

  it('drops digests another node revoked, and publishes its own', async () => {
    const bus = fakeBus();
    const caches = new TokenCaches({ local: new LocalTokenCache(), bus, logger: silentLogger });
    caches.start();
    bus.setLive(true);
    const [a, b] = [digest(), digest()];
    caches.remember(a, owner(1));
    caches.remember(b, owner(2));
    bus.deliver([a]);
    assert.equal(await caches.find(a), undefined);
    await caches.forget([b]);
    assert.equal(await caches.find(b), undefined);
    assert.deepEqual(bus.published, [[b]]);
  });

  it("keeps user facts (for JWTs Magento signed) only while the bus is live, and drops them on any node's revocation", async () => {
    const bus = fakeBus();
    const users = new LocalTokenCache<UserFacts>();
    const caches = new TokenCaches({ local: new LocalTokenCache(), users, bus, logger: silentLogger });
    caches.start();
    const facts: UserFacts = { revokeBefore: null, customer: { websiteId: 1, groupId: 1, storeId: 1 }, admin: null };
    const key = userKey(3, 7);
    caches.rememberUser(key, facts);
    assert.equal(caches.findUser(key), undefined, 'not live: nothing kept');
    bus.setLive(true);
    caches.rememberUser(key, facts);
    assert.deepEqual(caches.findUser(key), facts);
    bus.deliver([key]);
    assert.equal(caches.findUser(key), undefined, 'another node revoked the user');
    caches.rememberUser(key, facts);
    assert.equal(caches.findUser(key), undefined, 'a read that began before the revocation cannot bring it back');
    const other = userKey(2, 7);
    assert.notEqual(other, key, 'admin 7 and customer 7 are different users');
    caches.rememberUser(other, facts);
    await caches.forget([other]);
    assert.equal(caches.findUser(other), undefined);
    assert.deepEqual(bus.published.at(-1), [other], 'and tells the other nodes');
  });

  it('a failing shared cache never fails a lookup, and a failed eviction is retried until it succeeds', async () => {
    let down = true;
    const stored = new Map<TokenDigest, TokenOwner>();
    const shared: SharedTokenCache = {
      async get(d) {
        if (down) throw new Error('down');
        return stored.get(d);
      },
      async set(d, o) {
        if (down) throw new Error('down');
        stored.set(d, o);
      },
      async evict(ds) {
        if (down) throw new Error('down');
        for (const d of ds) stored.delete(d);
      },
    };
    const caches = new TokenCaches({ shared, logger: silentLogger, sharedTtlMs: 10_000 });
    const d = digest();
    assert.equal(await caches.find(d), undefined);
    stored.set(d, owner(1));
    await caches.forget([d]);
    assert.equal(stored.has(d), true, 'the eviction failed while down');
    down = false;
    for (let i = 0; i < 40 && stored.has(d); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(stored.has(d), false, 'the retry removed it');
    await caches.close();
  });
});

describe('Redis token cache', () => {
  let redis: Redis;
  let skip: string | undefined;
  before(async () => {
    skip = await missingService('redis');
    if (skip) return;
    redis = new Redis(REDIS_URL);
    await redis.ping();
  });
  after(() => redis?.disconnect());

  it('keys by digest, evicts with a tombstone that blocks a racing set, and expires entries', async (t) => {
    if (skip) return t.skip(skip);
    const cache = createRedisTokenCache(redis, { ttlMs: 300, timeoutMs: 500 });
    const d = digest();
    await cache.set(d, owner(7));
    assert.deepEqual(await cache.get(d), owner(7));
    assert.equal(await redis.exists(`keyway:token:${d}`), 1);
    await cache.evict([d]);
    assert.equal(await cache.get(d), undefined);
    await cache.set(d, owner(7));
    assert.equal(await cache.get(d), undefined, 'the tombstone blocked the set');
    const e = digest();
    await cache.set(e, owner(8));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await cache.get(e), undefined, 'entries expire');
  });

  it('an unreachable Redis fails fast instead of holding a request', async () => {
    const dead = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      maxRetriesPerRequest: 1,
      retryStrategy: () => 1000,
    });
    dead.on('error', () => {});
    try {
      const cache = createRedisTokenCache(dead, { ttlMs: 1000, timeoutMs: 100 });
      const started = Date.now();
      await assert.rejects(cache.get(digest()));
      await assert.rejects(cache.set(digest(), owner(1)));
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    } finally {
      dead.disconnect();
    }
  });
});
