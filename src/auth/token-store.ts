import type { SignInUserType, UserType } from './principal.ts';
import type { TokenDigest } from './token.ts';

/** A token about to be stored: its digest only, never the token itself. */
export interface NewToken {
  digest: TokenDigest;
  userType: UserType;
  userId: number;
  createdAt: number;
  ip: string | null;
  userAgent: string | null;
  /** When the token ends by itself (a JWT's exp, in ms); absent for opaque tokens, whose end follows the setting. */
  expiresAt?: number | null;
}

/** A stored token with the facts about its owner that authorization needs, read in one query. */
export interface TokenOwner {
  tokenId: number;
  userType: UserType;
  userId: number;
  createdAt: number;
  lastUsedAt: number | null;
  /** A JWT's own end in ms; null for opaque tokens (and absent from entries cached before JWTs existed). */
  expiresAt?: number | null;
  /** Null when the owner is gone or disabled: such a token proves nothing. */
  customer: { websiteId: number; groupId: number; storeId: number } | null;
  admin: { roleId: number } | null;
  /**
   * For an integration's token (user type 1): its granted ACL ids (`Magento_Backend::all` for all), when the
   * token is its unrevoked access token and the integration is Active; null otherwise. A plain array, since
   * owners are cached as JSON.
   */
  integration: { resources: string[] } | null;
}

/** A token as its owner may see it in a session list: never the token, nor its digest. */
export interface TokenSession {
  tokenId: number;
  createdAt: number;
  lastUsedAt: number | null;
  ip: string | null;
  userAgent: string | null;
  /** A JWT's own end in ms; null for opaque tokens. */
  expiresAt: number | null;
}

/** Where issued tokens live, looked up by digest (Magento's `oauth_token`). */
export interface TokenStore {
  insert(token: NewToken): Promise<number>;
  findByDigest(digest: TokenDigest): Promise<TokenOwner | undefined>;
  /** Revokes every token of a user, but `exceptTokenId` when given; answers the digests that went, for the caches. */
  revokeAllFor(userType: UserType, userId: number, exceptTokenId?: number): Promise<TokenDigest[]>;
  /** A user's tokens, newest first. */
  listFor(userType: UserType, userId: number): Promise<TokenSession[]>;
  /** Revokes one token of a user; answers its digest, or undefined when the user holds no such token. */
  revokeOne(userType: UserType, userId: number, tokenId: number): Promise<TokenDigest | undefined>;
  /** Records that a token was used (written at most once a minute per token by the caller). */
  touch(tokenId: number, at: number): Promise<void>;
  /** The digests of a user's live tokens, so caches can drop them when the user's facts change. */
  digestsOf(userType: UserType, userId: number): Promise<TokenDigest[]>;
  /** Removes tokens of a user type issued at or before `createdBefore` (expired ones); never integration tokens. */
  deleteIssuedBefore(userType: SignInUserType, createdBefore: number): Promise<number>;
  /** Removes the session records of JWTs whose exp has passed. */
  deleteEndedBy(now: number): Promise<number>;
}
