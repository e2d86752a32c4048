import type { Clock } from '../clock.ts';
import type { Settings } from '../config/settings.ts';
import type { AuthEvents } from './auth-events.ts';
import { GUEST, UserType, type Principal, type SignInUserType } from './principal.ts';
import type { RoleResources } from './role-resources.ts';
import { asRawToken, digestToken, generateToken, type RawToken, type TokenDigest } from './token.ts';
import { noTokenCache, type TokenCache } from './token-cache.ts';
import type { TokenOwner, TokenSession, TokenStore } from './token-store.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

const LIFETIME_SETTING = {
  [UserType.CUSTOMER]: 'oauth/access_token_lifetime/customer',
  [UserType.ADMIN]: 'oauth/access_token_lifetime/admin',
} as const;

const USER_AGENT_LIMIT = 512;
const LAST_USED_EVERY_MS = 60_000;

export type Introspection =
  | { active: false }
  | { active: true; user_type: 'customer' | 'admin' | 'integration'; user_id: number; iat: number; exp?: number };

const USER_TYPE_NAMES = {
  [UserType.CUSTOMER]: 'customer',
  [UserType.ADMIN]: 'admin',
  [UserType.INTEGRATION]: 'integration',
} as const;

export interface SessionView extends TokenSession {
  /** Null when tokens of this type never expire. */
  expiresAt: number | null;
}

export interface TokenServiceDeps {
  tokens: TokenStore;
  roles: RoleResources;
  settings: Settings;
  clock: Clock;
  /** In front of the store; none means every lookup reads the store. */
  cache?: TokenCache;
  /** Told how many tokens each revocation removed, for the metrics. */
  events?: Pick<AuthEvents, 'onTokensRevoked'>;
}

/** Issues, reads and revokes bearer tokens. Only digests reach the store. */
export class TokenService {
  private readonly tokens: TokenStore;
  private readonly roles: RoleResources;
  private readonly settings: Settings;
  private readonly clock: Clock;
  private readonly cache: TokenCache;
  private readonly events: Pick<AuthEvents, 'onTokensRevoked'>;

  constructor(deps: TokenServiceDeps) {
    this.tokens = deps.tokens;
    this.roles = deps.roles;
    this.settings = deps.settings;
    this.clock = deps.clock;
    this.cache = deps.cache ?? noTokenCache;
    this.events = deps.events ?? { onTokensRevoked() {} };
  }

  /** A new token for a user who has just proved who they are; only its digest is stored. */
  async issue(userType: UserType, userId: number, meta: RequestMeta): Promise<RawToken> {
    const token = generateToken();
    await this.tokens.insert({
      digest: digestToken(token),
      userType,
      userId,
      createdAt: this.clock.now(),
      ip: meta.ip,
      userAgent: meta.userAgent === null ? null : meta.userAgent.slice(0, USER_AGENT_LIMIT),
    });
    return token;
  }

  /**
   * Who a presented token proves the caller to be. Like Magento, any failure (unknown, expired, revoked,
   * malformed, owner disabled) silently yields a guest; the route's resource check then decides.
   */
  async authenticate(presented: string | undefined): Promise<Principal> {
    const owner = await this.lookup(presented);
    if (!owner) return GUEST;
    await this.noteUse(owner);
    if (owner.userType === UserType.CUSTOMER && owner.customer) {
      return { kind: 'customer', customerId: owner.userId, tokenId: owner.tokenId, ...owner.customer };
    }
    if (owner.integration) {
      return {
        kind: 'integration',
        integrationId: owner.userId,
        resources: new Set(owner.integration.resources),
        tokenId: owner.tokenId,
      };
    }
    const resources = await this.roles.resourcesOf(owner.admin!.roleId);
    return { kind: 'admin', adminId: owner.userId, roleId: owner.admin!.roleId, resources, tokenId: owner.tokenId };
  }

  /** RFC 7662 introspection: what a token is, for another service; inactive when it proves nothing. */
  async introspect(presented: string): Promise<Introspection> {
    const owner = await this.lookup(presented);
    if (!owner) return { active: false };
    const expiresAt = this.expiresAt(owner.userType, owner.createdAt);
    return {
      active: true,
      user_type: USER_TYPE_NAMES[owner.userType],
      user_id: owner.userId,
      iat: Math.floor(owner.createdAt / 1000),
      ...(expiresAt === undefined ? {} : { exp: Math.floor(expiresAt / 1000) }),
    };
  }

  /** A user's active tokens, for its session list; expired ones are left out. */
  async sessions(userType: UserType, userId: number): Promise<SessionView[]> {
    const now = this.clock.now();
    return (await this.tokens.listFor(userType, userId)).flatMap((session) => {
      const expiresAt = this.expiresAt(userType, session.createdAt);
      if (expiresAt !== undefined && expiresAt <= now) return [];
      return [{ ...session, expiresAt: expiresAt ?? null }];
    });
  }

  /** Revokes one token of a user; false when the user holds no such token. */
  async revokeOne(userType: UserType, userId: number, tokenId: number): Promise<boolean> {
    const digest = await this.tokens.revokeOne(userType, userId, tokenId);
    if (digest === undefined) return false;
    await this.forget([digest]);
    return true;
  }

  /** Seconds a token issued now will live, or undefined when tokens of that type never expire. */
  lifetimeSeconds(userType: SignInUserType): number | undefined {
    const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
    return lifetime === undefined ? undefined : Math.round(lifetime / 1000);
  }

  /** The owner of a live token, through the caches; undefined for anything that is not one. */
  private async lookup(presented: string | undefined): Promise<TokenOwner | undefined> {
    const token = presented === undefined ? undefined : asRawToken(presented);
    if (!token) return undefined;
    const digest = digestToken(token);
    let owner = await this.cache.find(digest);
    if (!owner) {
      owner = await this.tokens.findByDigest(digest);
      // Only a token whose owner may act is worth keeping: a disabled owner's token proves nothing anyway.
      if (owner && (owner.customer || owner.admin || owner.integration)) this.cache.remember(digest, owner);
    }
    if (!owner || this.hasExpired(owner)) return undefined;
    return this.ownerMayAct(owner) ? owner : undefined;
  }

  /**
   * Whether the token's owner may act now. An integration's access token works as a Bearer token only while
   * `oauth/consumer/enable_integration_as_bearer` is 1 (Magento 2.4.4+; off by default, the caller is then a
   * guest), and only for an Active integration (its signed calls are checked elsewhere, by the OAuth checks).
   */
  private ownerMayAct(owner: TokenOwner): boolean {
    if (owner.userType === UserType.CUSTOMER) return owner.customer !== null;
    if (owner.userType === UserType.ADMIN) return owner.admin !== null;
    return owner.integration !== null && this.settings.flag('oauth/consumer/enable_integration_as_bearer');
  }

  /** Writes `last_used_at` at most once a minute per token, without holding the request up. */
  private async noteUse(owner: TokenOwner): Promise<void> {
    const now = this.clock.now();
    if (owner.lastUsedAt !== null && now - owner.lastUsedAt < LAST_USED_EVERY_MS && now >= owner.lastUsedAt) return;
    owner.lastUsedAt = now;
    // Awaited, so a list read right after sees it; it happens at most once a minute per token.
    await this.tokens.touch(owner.tokenId, now);
  }

  /** Revokes all of a user's tokens, or all but one (a password change keeps the caller's own). */
  async revokeAllFor(userType: UserType, userId: number, exceptTokenId?: number): Promise<number> {
    const revoked = await this.tokens.revokeAllFor(userType, userId, exceptTokenId);
    await this.forget(revoked);
    return revoked.length;
  }

  /** Drops tokens the database no longer holds from every cache, on this node and the others. */
  forget(digests: readonly TokenDigest[]): Promise<void> {
    if (digests.length > 0) this.events.onTokensRevoked(digests.length);
    return this.cache.forget(digests);
  }

  /** Drops a user's live tokens from the caches, when facts they carry (website, group, role) change. */
  async forgetUser(userType: UserType, userId: number): Promise<void> {
    await this.cache.forget(await this.tokens.digestsOf(userType, userId));
  }

  /** Deletes tokens whose lifetime has run out; with no lifetime set, nothing expires. */
  async deleteExpired(): Promise<number> {
    let deleted = 0;
    for (const userType of [UserType.CUSTOMER, UserType.ADMIN]) {
      const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
      if (lifetime !== undefined)
        deleted += await this.tokens.deleteIssuedBefore(userType, this.clock.now() - lifetime);
    }
    return deleted;
  }

  /** The moment a token stops working, or undefined when it never expires (read from the current setting). */
  expiresAt(userType: UserType, createdAt: number): number | undefined {
    // Integration access tokens never expire (Magento's ExpirationValidator skips user type 1).
    if (userType === UserType.INTEGRATION) return undefined;
    const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
    return lifetime === undefined ? undefined : createdAt + lifetime;
  }

  private hasExpired(owner: TokenOwner): boolean {
    const expiresAt = this.expiresAt(owner.userType, owner.createdAt);
    return expiresAt !== undefined && expiresAt <= this.clock.now();
  }
}
