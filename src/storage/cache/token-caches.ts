import type { CustomerRecord } from '../../accounts/customer-store.ts';
import { roleKey, type RoleCache } from '../../auth/role-resources.ts';
import type { TokenDigest } from '../../auth/token.ts';
import type { UserFacts, UserFactsCache } from '../../auth/jwt/user-facts.ts';
import { FORGET_EVERYTHING, type TokenCache } from '../../auth/token-cache.ts';
import type { TokenOwner } from '../../auth/token-store.ts';
import type { Logger } from '../../logger.ts';
import type { RevocationBus } from '../bus/revocation-bus.ts';
import type { LocalTokenCache } from './local-token-cache.ts';
import type { SharedTokenCache } from './shared-token-cache.ts';

const EVICTION_RETRY_MS = 500;

export interface TokenCacheParts {
  /** In-process cache; used only while the bus is live. */
  local?: LocalTokenCache;
  /** In-process cache of user facts for recordless JWTs, by user key; likewise used only while the bus is live. */
  users?: LocalTokenCache<UserFacts>;
  /** In-process cache of customer records (what the customer routes answer), by user key; likewise. */
  customers?: LocalTokenCache<CustomerRecord>;
  /** In-process cache of each admin role's resources, by role key; likewise. */
  roles?: LocalTokenCache<ReadonlySet<string>>;
  shared?: SharedTokenCache;
  bus?: RevocationBus;
  /** How long shared entries live: a failed eviction is retried for that long, after which the entry is gone anyway. */
  sharedTtlMs?: number;
  logger: Logger;
}

/**
 * The caches in front of the token table. They only ever make lookups faster: any failure falls back to the
 * database, and a revocation evicts everywhere (local, shared, other nodes) before the revoke call answers.
 */
export class TokenCaches implements TokenCache, UserFactsCache, RoleCache {
  private pendingEvictions = new Map<TokenDigest, number>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly parts: TokenCacheParts) {}

  /** Starts listening for other nodes' revocations. */
  start(): void {
    const { bus } = this.parts;
    if (!bus) return;
    bus.start(
      // A message mixes token digests and user keys; each cache drops whichever of them it holds.
      (digests) => this.evictLocal(digests),
      // Whether the subscription just came or went, messages may have been missed: start the caches afresh.
      () => {
        for (const cache of this.localCaches()) cache.clear();
      },
    );
  }

  peek(digest: TokenDigest): TokenOwner | undefined {
    this.parts.bus?.refresh?.();
    return this.usableLocal()?.get(digest);
  }

  async find(digest: TokenDigest): Promise<TokenOwner | undefined> {
    this.parts.bus?.refresh?.();
    const local = this.usableLocal();
    const cached = local?.get(digest);
    if (cached) return cached;
    if (!this.parts.shared) return undefined;
    try {
      const owner = await this.parts.shared.get(digest);
      if (owner) local?.set(digest, owner);
      return owner;
    } catch (error) {
      this.parts.logger.warn({ err: error }, 'token cache read failed; using the database');
      return undefined;
    }
  }

  /** Keeps an owner read from the database; the shared write is not awaited, so it never slows the request. */
  remember(digest: TokenDigest, owner: TokenOwner): void {
    this.usableLocal()?.set(digest, owner);
    this.parts.shared?.set(digest, owner).catch((error: unknown) => {
      this.parts.logger.warn({ err: error }, 'token cache write failed');
    });
  }

  findUser(key: TokenDigest): UserFacts | undefined {
    this.parts.bus?.refresh?.();
    return this.parts.bus?.live ? this.parts.users?.get(key) : undefined;
  }

  rememberUser(key: TokenDigest, facts: UserFacts): void {
    if (this.parts.bus?.live) this.parts.users?.set(key, facts);
  }

  findCustomer(key: TokenDigest): CustomerRecord | undefined {
    return this.parts.bus?.live ? this.parts.customers?.get(key) : undefined;
  }

  rememberCustomer(key: TokenDigest, record: CustomerRecord): void {
    if (this.parts.bus?.live) this.parts.customers?.set(key, record);
  }

  /** Drops one customer's record from this node's cache only (nothing else can hold a brand-new id). */
  dropCustomerHere(key: TokenDigest): void {
    this.parts.customers?.drop([key]);
  }

  findRole(roleId: number): ReadonlySet<string> | undefined {
    return this.parts.bus?.live ? this.parts.roles?.get(roleKey(roleId)) : undefined;
  }

  rememberRole(roleId: number, resources: ReadonlySet<string>): void {
    if (this.parts.bus?.live) this.parts.roles?.set(roleKey(roleId), resources);
  }

  /** Drops revoked digests (and user keys) everywhere. Called after the database no longer holds them. */
  async forget(digests: readonly TokenDigest[]): Promise<void> {
    if (digests.length === 0) return;
    const { shared, bus, logger } = this.parts;
    this.evictLocal(digests);
    if (shared) {
      await shared.evict(digests).catch((error: unknown) => {
        logger.warn({ err: error, count: digests.length }, 'token cache eviction failed; retrying');
        this.retryLater(digests);
      });
    }
    await bus?.publish(digests).catch((error: unknown) => {
      logger.warn({ err: error, count: digests.length }, 'revocation broadcast failed');
    });
  }

  async close(): Promise<void> {
    clearInterval(this.retryTimer);
    await this.parts.bus?.close();
  }

  private localCaches(): { evict(keys: readonly TokenDigest[]): void; clear(): void }[] {
    const { local, users, customers, roles } = this.parts;
    return [local, users, customers, roles].filter((cache) => cache !== undefined);
  }

  private evictLocal(keys: readonly TokenDigest[]): void {
    const everything = keys.includes(FORGET_EVERYTHING);
    for (const cache of this.localCaches()) {
      if (everything) cache.clear();
      else cache.evict(keys);
    }
  }

  private usableLocal(): LocalTokenCache | undefined {
    return this.parts.bus?.live ? this.parts.local : undefined;
  }

  private retryLater(digests: readonly TokenDigest[]): void {
    const giveUpAt = Date.now() + (this.parts.sharedTtlMs ?? 60_000);
    for (const digest of digests) this.pendingEvictions.set(digest, giveUpAt);
    this.retryTimer ??= setInterval(() => void this.retryEvictions(), EVICTION_RETRY_MS).unref();
  }

  private async retryEvictions(): Promise<void> {
    const now = Date.now();
    for (const [digest, giveUpAt] of this.pendingEvictions) if (giveUpAt <= now) this.pendingEvictions.delete(digest);
    const digests = [...this.pendingEvictions.keys()];
    if (digests.length === 0 || !this.parts.shared) {
      clearInterval(this.retryTimer);
      this.retryTimer = undefined;
      return;
    }
    try {
      await this.parts.shared.evict(digests);
      for (const digest of digests) this.pendingEvictions.delete(digest);
    } catch {
      // Still unreachable; the next tick tries again.
    }
  }
}
