import type { Clock } from '../clock.ts';
import type { Settings } from '../config/settings.ts';
import type { KeyList } from '../crypto/key-list.ts';
import type { AuthEvents } from './auth-events.ts';
import { MAX_JWT_LENGTH } from './jwt/jws.ts';
import { jwtLifetimeMinutes, tokenFormat } from './jwt/jwt-settings.ts';
import { JwtTokens, type ReadJwt } from './jwt/jwt-tokens.ts';
import {
  noUserFactsCache,
  survivesRevocation,
  userKey,
  type UserFactsCache,
  type UserFactsStore,
} from './jwt/user-facts.ts';
import { GUEST, UserType, type Principal, type SignInUserType } from './principal.ts';
import { roleKey, type RoleResources } from './role-resources.ts';
import { WarmPrincipals } from './warm-principals.ts';
import { asRawToken, digestToken, generateToken, type RawToken, type TokenDigest } from './token.ts';
import { FORGET_EVERYTHING, noTokenCache, type TokenCache } from './token-cache.ts';
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

/**
 * Who holds a presented token and until when. `tokenId` is null for a JWT with no session record here (one
 * Magento signed): it cannot be listed or revoked alone, only with all of its user's recordless tokens.
 */
type Holder = Omit<TokenOwner, 'tokenId'> & { tokenId: number | null };

export interface TokenServiceDeps {
  tokens: TokenStore;
  roles: RoleResources;
  settings: Settings;
  clock: Clock;
  /** In front of the store; none means every lookup reads the store. */
  cache?: TokenCache;
  /** Told how many tokens each revocation removed, for the metrics. */
  events?: Pick<AuthEvents, 'onTokensRevoked'>;
  /** Keyway's key list: the last key signs JWTs, as Magento's last crypt/key does. */
  keys: KeyList;
  /** Magento's `jwt_auth_revoked` and the user facts recordless JWTs are checked against. */
  users: UserFactsStore;
  /** In front of `users`; none means every recordless JWT reads them. */
  userCache?: UserFactsCache;
}

/** Issues, reads and revokes bearer tokens. Only digests reach the store. */
export class TokenService {
  private readonly tokens: TokenStore;
  private readonly roles: RoleResources;
  private readonly settings: Settings;
  private readonly clock: Clock;
  private readonly cache: TokenCache;
  private readonly events: Pick<AuthEvents, 'onTokensRevoked'>;
  private readonly jwt: JwtTokens;
  private readonly users: UserFactsStore;
  private readonly userCache: UserFactsCache;
  private readonly warm = new WarmPrincipals();

  constructor(deps: TokenServiceDeps) {
    this.tokens = deps.tokens;
    this.roles = deps.roles;
    this.settings = deps.settings;
    this.clock = deps.clock;
    this.cache = deps.cache ?? noTokenCache;
    this.events = deps.events ?? { onTokensRevoked() {} };
    this.jwt = new JwtTokens(deps.keys, deps.settings);
    this.users = deps.users;
    this.userCache = deps.userCache ?? noUserFactsCache;
  }

  /**
   * A new token for a user who has just proved who they are, in the configured format; only its digest is
   * stored. A JWT gets the same record an opaque token does, so it can be listed and revoked alone.
   */
  async issue(userType: SignInUserType, userId: number, meta: RequestMeta): Promise<RawToken> {
    const now = this.clock.now();
    const jwt = tokenFormat(this.settings) === 'jwt' ? await this.jwt.mint(userType, userId, now) : undefined;
    const token = jwt?.token ?? generateToken();
    await this.tokens.insert({
      digest: jwt?.digest ?? digestToken(token),
      userType,
      userId,
      createdAt: now,
      expiresAt: jwt?.expiresAt ?? null,
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
    const touching = this.noteUse(owner);
    if (touching) await touching;
    const roleId = adminRoleOf(owner);
    return this.principalOf(owner, roleId === undefined ? undefined : await this.roles.resourcesOf(roleId));
  }

  /**
   * `authenticate` without a promise, for an opaque token whose owner (and role) the in-process caches hold
   * and whose last use needs no write: the common warm request. Undefined whenever the answer needs anything
   * else (a cache miss, a JWT, a last-used write), and then the caller goes the asynchronous way.
   */
  authenticateCached(presented: string | undefined): Principal | undefined {
    if (presented === undefined) return GUEST;
    if (!this.cache.peek || presented.includes('.')) return undefined;
    const token = asRawToken(presented);
    if (!token) return GUEST;
    const owner = this.cache.peek(digestToken(token));
    if (!owner) return undefined;
    const now = this.clock.now();
    const roleId = adminRoleOf(owner);
    const resources = roleId === undefined ? undefined : this.roles.cachedResourcesOf(roleId);
    const settings = this.settings.snapshotId;
    const warm = this.warm.find(owner, settings, resources, now);
    if (warm) return warm;
    if (!this.isLive(owner, now)) return GUEST;
    if (this.needsUseNoted(owner, now)) return undefined;
    if (roleId !== undefined && !resources) return undefined;
    const principal = this.principalOf(owner, resources);
    // Until the token's end or its next last-use note, whichever comes first; needsUseNoted just said no.
    const noted = owner.lastUsedAt ?? now;
    this.warm.keep(owner, {
      principal,
      settings,
      resources,
      from: noted,
      until: Math.min(this.endOf(owner) ?? Infinity, noted + LAST_USED_EVERY_MS),
    });
    return principal;
  }

  /** The principal a live holder acts as; an admin's carries its role's resources. */
  private principalOf(owner: Holder, roleResources: ReadonlySet<string> | undefined): Principal {
    if (owner.userType === UserType.ADMIN && roleResources) {
      return {
        kind: 'admin',
        adminId: owner.userId,
        roleId: owner.admin!.roleId,
        resources: roleResources,
        tokenId: owner.tokenId,
      };
    }
    if (owner.userType === UserType.CUSTOMER && owner.customer) {
      return { kind: 'customer', customerId: owner.userId, tokenId: owner.tokenId, ...owner.customer };
    }
    // An integration's token always has its row: Magento signs no JWT for an integration.
    return {
      kind: 'integration',
      integrationId: owner.userId,
      resources: new Set(owner.integration!.resources),
      tokenId: owner.tokenId!,
    };
  }

  /** RFC 7662 introspection: what a token is, for another service; inactive when it proves nothing. */
  async introspect(presented: string): Promise<Introspection> {
    const owner = await this.lookup(presented);
    if (!owner) return { active: false };
    const expiresAt = this.endOf(owner);
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
      const expiresAt = session.expiresAt ?? this.expiresAt(userType, session.createdAt);
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
    if (tokenFormat(this.settings) === 'jwt') return jwtLifetimeMinutes(this.settings, userType) * 60;
    const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
    return lifetime === undefined ? undefined : Math.round(lifetime / 1000);
  }

  /** The holder of a live token of either format, through the caches; undefined for anything that is not one. */
  private async lookup(presented: string | undefined): Promise<Holder | undefined> {
    if (presented === undefined) return undefined;
    // Both formats are read whatever the format setting says, so switching it never ends a live token. An
    // opaque token has no dot; the JWT path checks the whole shape before it verifies anything.
    if (presented.includes('.')) return this.lookupJwt(presented);
    const token = asRawToken(presented);
    if (!token) return undefined;
    const owner = await this.ownerOf(digestToken(token));
    return owner && this.isLive(owner) ? owner : undefined;
  }

  /** A stored token's owner, through the caches. */
  private async ownerOf(digest: TokenDigest): Promise<TokenOwner | undefined> {
    let owner = this.cache.peek?.(digest) ?? (await this.cache.find(digest));
    if (!owner) {
      owner = await this.tokens.findByDigest(digest);
      // Only a token whose owner may act is worth keeping: a disabled owner's token proves nothing anyway.
      if (owner && (owner.customer || owner.admin || owner.integration)) this.cache.remember(digest, owner);
    }
    return owner;
  }

  /**
   * A verified JWT's holder. One Keyway issued (it has a `jti`) lives exactly as long as its session record,
   * which every revocation deletes. One without (Magento's) is checked against its user's revoke_before.
   */
  private async lookupJwt(presented: string): Promise<Holder | undefined> {
    if (presented.length > MAX_JWT_LENGTH) return undefined;
    const now = this.clock.now();
    // A cached owner was put there only after its token's signature and claims held; what can have changed
    // since is the algorithm setting and the clock. The signature is paid once per token, not per request.
    const digest = digestToken(presented as RawToken);
    const cached = this.cache.peek?.(digest) ?? (await this.cache.find(digest));
    if (cached) {
      const live = this.jwt.headerAccepted(presented) && (cached.expiresAt ?? 0) > now;
      return live && this.mayAct(cached) ? cached : undefined;
    }
    const read = await this.jwt.read(presented, now);
    if (!read) return undefined;
    const { claims } = read;
    if (claims.jti === undefined) return this.recordlessHolder(read);
    const owner = await this.ownerOf(read.digest);
    if (!owner || owner.userType !== claims.utypid || owner.userId !== claims.uid) return undefined;
    // The record's end is the token's `exp`, written at issuance.
    return this.mayAct(owner) ? { ...owner, expiresAt: claims.exp * 1000 } : undefined;
  }

  private async recordlessHolder({ claims }: ReadJwt): Promise<Holder | undefined> {
    const key = userKey(claims.utypid, claims.uid);
    let facts = this.userCache.findUser(key);
    if (!facts) {
      facts = await this.users.factsOf(claims.utypid, claims.uid);
      this.userCache.rememberUser(key, facts);
    }
    if (!survivesRevocation(facts, claims.iat)) return undefined;
    const holder: Holder = {
      tokenId: null,
      userType: claims.utypid,
      userId: claims.uid,
      createdAt: claims.iat * 1000,
      lastUsedAt: null,
      expiresAt: claims.exp * 1000,
      customer: facts.customer,
      admin: facts.admin,
      // Magento signs JWTs for admins and customers only; an integration proves itself with its own token.
      integration: null,
    };
    return this.mayAct(holder) ? holder : undefined;
  }

  /**
   * Whether the token's owner may act now. An integration's access token works as a Bearer token only while
   * `oauth/consumer/enable_integration_as_bearer` is 1 (Magento 2.4.4+; off by default, the caller is then a
   * guest), and only for an Active integration (its signed calls are checked elsewhere, by the OAuth checks).
   */
  private mayAct(owner: Pick<TokenOwner, 'userType' | 'customer' | 'admin' | 'integration'>): boolean {
    if (owner.userType === UserType.CUSTOMER) return owner.customer !== null;
    if (owner.userType === UserType.ADMIN) return owner.admin !== null;
    return owner.integration !== null && this.settings.flag('oauth/consumer/enable_integration_as_bearer');
  }

  /**
   * Writes `last_used_at` at most once a minute per token; the write to wait for, or nothing (most requests),
   * so that those do not pay for an await.
   */
  private noteUse(owner: Holder): Promise<void> | undefined {
    const now = this.clock.now();
    if (!this.needsUseNoted(owner, now)) return undefined;
    owner.lastUsedAt = now;
    // Awaited by the caller, so a list read right after sees it; it happens at most once a minute per token.
    return this.tokens.touch(owner.tokenId!, now);
  }

  private needsUseNoted(owner: Holder, now: number): boolean {
    if (owner.tokenId === null) return false;
    return !(owner.lastUsedAt !== null && now - owner.lastUsedAt < LAST_USED_EVERY_MS && now >= owner.lastUsedAt);
  }

  /** Revokes all of a user's tokens, or all but one (a password change keeps the caller's own). */
  async revokeAllFor(userType: UserType, userId: number, exceptTokenId?: number): Promise<number> {
    const revoked = await this.tokens.revokeAllFor(userType, userId, exceptTokenId);
    await this.endSessions(userType, userId, revoked);
    return revoked.length;
  }

  /**
   * After a store deleted a user's session records (`revoked`, their digests): writes Magento's revoke_before
   * so the user's recordless JWTs issued up to this second die too, then drops all of it from every cache, on
   * every node. Keyway's own tokens are not judged by revoke_before, so a caller's kept token and tokens
   * issued later in the same second live on; see README, "JWT user tokens".
   */
  async endSessions(userType: UserType, userId: number, revoked: readonly TokenDigest[]): Promise<void> {
    await this.users.revokeBefore(userType, userId, Math.floor(this.clock.now() / 1000));
    if (revoked.length > 0) this.events.onTokensRevoked(revoked.length);
    await this.cache.forget([...revoked, userKey(userType, userId)]);
  }

  /** Drops tokens the database no longer holds from every cache, on this node and the others. */
  forget(digests: readonly TokenDigest[]): Promise<void> {
    if (digests.length > 0) this.events.onTokensRevoked(digests.length);
    return this.cache.forget(digests);
  }

  /** Drops a user's live tokens from the caches, when facts they carry (website, group, role) change. */
  async forgetUser(userType: UserType, userId: number): Promise<void> {
    await this.cache.forget([...(await this.tokens.digestsOf(userType, userId)), userKey(userType, userId)]);
  }

  /** Empties every node's in-process caches, after a bulk write (an import) changed more than it could name. */
  forgetEverything(): Promise<void> {
    return this.cache.forget([FORGET_EVERYTHING]);
  }

  /** Drops a role's resources from every cache, on this node and the others, after its rules changed. */
  forgetRole(roleId: number): Promise<void> {
    return this.cache.forget([roleKey(roleId)]);
  }

  /** Deletes tokens whose lifetime has run out; with no lifetime set, nothing expires. */
  async deleteExpired(): Promise<number> {
    let deleted = 0;
    for (const userType of [UserType.CUSTOMER, UserType.ADMIN]) {
      const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
      if (lifetime !== undefined)
        deleted += await this.tokens.deleteIssuedBefore(userType, this.clock.now() - lifetime);
    }
    return deleted + (await this.tokens.deleteEndedBy(this.clock.now()));
  }

  /** The moment a token stops working, or undefined when it never expires (read from the current setting). */
  expiresAt(userType: UserType, createdAt: number): number | undefined {
    // Integration access tokens never expire (Magento's ExpirationValidator skips user type 1).
    if (userType === UserType.INTEGRATION) return undefined;
    const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
    return lifetime === undefined ? undefined : createdAt + lifetime;
  }

  /** A stored token that has not expired and whose owner may act. */
  private isLive(owner: TokenOwner, now = this.clock.now()): boolean {
    return !this.hasExpired(owner, now) && this.mayAct(owner);
  }

  private hasExpired(owner: TokenOwner, now: number): boolean {
    const end = this.endOf(owner);
    return end !== undefined && end <= now;
  }

  /** When a stored token stops working: its own end (a JWT's), else its lifetime's; undefined for never. */
  private endOf(owner: Pick<TokenOwner, 'expiresAt' | 'userType' | 'createdAt'>): number | undefined {
    return owner.expiresAt ?? this.expiresAt(owner.userType, owner.createdAt);
  }
}

/** Whether a token's owner may act: it exists and is active (customer) or active with a role (admin). */

/** The role of an admin holder; undefined for any other. */
function adminRoleOf(owner: Holder): number | undefined {
  return owner.userType === UserType.ADMIN && owner.admin ? owner.admin.roleId : undefined;
}
