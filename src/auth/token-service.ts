import type { Clock } from '../clock.ts';
import type { Settings } from '../config/settings.ts';
import { TokenCaches } from '../storage/cache/token-caches.ts';
import type { TokenOwner, TokenStore } from '../storage/token-store.ts';
import { silentLogger } from '../logger.ts';
import { GUEST, UserType, type Principal } from './principal.ts';
import type { RoleResources } from './role-resources.ts';
import { asRawToken, digestToken, generateToken, type RawToken, type TokenDigest } from './token.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

const LIFETIME_SETTING = {
  [UserType.CUSTOMER]: 'oauth/access_token_lifetime/customer',
  [UserType.ADMIN]: 'oauth/access_token_lifetime/admin',
} as const;

const USER_AGENT_LIMIT = 512;

/** Issues, reads and revokes bearer tokens. Only digests reach the store. */
export class TokenService {
  constructor(
    private readonly tokens: TokenStore,
    private readonly roles: RoleResources,
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly caches = new TokenCaches({ logger: silentLogger }),
  ) {}

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
    const token = presented === undefined ? undefined : asRawToken(presented);
    if (!token) return GUEST;
    const digest = digestToken(token);
    let owner = await this.caches.find(digest);
    if (!owner) {
      owner = await this.tokens.findByDigest(digest);
      // Only a token whose owner may act is worth keeping: a disabled owner's token proves nothing anyway.
      if (owner && (owner.customer || owner.admin)) this.caches.remember(digest, owner);
    }
    if (!owner || this.hasExpired(owner)) return GUEST;
    if (owner.userType === UserType.CUSTOMER && owner.customer) {
      return { kind: 'customer', customerId: owner.userId, tokenId: owner.tokenId, ...owner.customer };
    }
    if (owner.userType === UserType.ADMIN && owner.admin) {
      const resources = await this.roles.resourcesOf(owner.admin.roleId);
      return { kind: 'admin', adminId: owner.userId, roleId: owner.admin.roleId, resources, tokenId: owner.tokenId };
    }
    return GUEST;
  }

  /** Revokes all of a user's tokens, or all but one (a password change keeps the caller's own). */
  async revokeAllFor(userType: UserType, userId: number, exceptTokenId?: number): Promise<number> {
    const revoked = await this.tokens.revokeAllFor(userType, userId, exceptTokenId);
    await this.forget(revoked);
    return revoked.length;
  }

  /** Drops tokens the database no longer holds from every cache, on this node and the others. */
  forget(digests: readonly TokenDigest[]): Promise<void> {
    return this.caches.forget(digests);
  }

  /** Drops a user's live tokens from the caches, when facts they carry (website, group, role) change. */
  async forgetUser(userType: UserType, userId: number): Promise<void> {
    await this.caches.forget(await this.tokens.digestsOf(userType, userId));
  }

  /** Deletes tokens whose lifetime has run out; with no lifetime set, nothing expires. */
  async deleteExpired(): Promise<number> {
    let deleted = 0;
    for (const userType of [UserType.CUSTOMER, UserType.ADMIN]) {
      const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
      if (lifetime !== undefined) deleted += await this.tokens.deleteIssuedBefore(userType, this.clock.now() - lifetime);
    }
    return deleted;
  }

  /** The moment a token stops working, or undefined when it never expires (read from the current setting). */
  expiresAt(userType: UserType, createdAt: number): number | undefined {
    const lifetime = this.settings.lifetimeMs(LIFETIME_SETTING[userType]);
    return lifetime === undefined ? undefined : createdAt + lifetime;
  }

  private hasExpired(owner: TokenOwner): boolean {
    const expiresAt = this.expiresAt(owner.userType, owner.createdAt);
    return expiresAt !== undefined && expiresAt <= this.clock.now();
  }
}
