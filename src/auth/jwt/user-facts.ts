// What a JWT without a session record (one Magento signed) is checked against: its user's revoke_before and
// whether the user may act, read per user and cached per user.
import { createHash } from 'node:crypto';
import type { UserType } from '../principal.ts';
import type { TokenDigest } from '../token.ts';
import type { TokenOwner } from '../token-store.ts';

/** One user's row of Magento's `jwt_auth_revoked`, with the owner facts a token of that user carries. */
export interface UserFacts {
  /** Tokens issued at or before this second (Unix seconds) are dead; null when the user was never revoked. */
  revokeBefore: number | null;
  /** Null when the user is gone or disabled. */
  customer: TokenOwner['customer'];
  admin: TokenOwner['admin'];
}

/** Magento's `jwt_auth_revoked`, and the user facts it is read with. */
export interface UserFactsStore {
  /** The user's facts in one query; customer and admin are null when the user cannot act. */
  factsOf(userType: UserType, userId: number): Promise<UserFacts>;
  /** Records that tokens issued up to `before` (Unix seconds) are dead; never moves an earlier value back. */
  revokeBefore(userType: UserType, userId: number, before: number): Promise<void>;
}

/** An in-process cache of user facts; used only while the revocation broadcast is live. */
export interface UserFactsCache {
  findUser(key: TokenDigest): UserFacts | undefined;
  rememberUser(key: TokenDigest, facts: UserFacts): void;
}

/** No cache: every recordless JWT reads its user's facts (right on SQLite, as for opaque tokens). */
export const noUserFactsCache: UserFactsCache = { findUser: () => undefined, rememberUser() {} };

/**
 * The cache key of a user's facts. It is digest-shaped so that it travels on the revocation broadcast beside
 * token digests, and every node evicts it with them; a SHA-256 preimage of its own, it can equal no token's digest.
 */
export function userKey(userType: UserType, userId: number): TokenDigest {
  const remembered = userKeys.get(userType * KEY_SPACE + userId);
  if (remembered !== undefined) return remembered;
  const key = createHash('sha256').update(`jwt_auth_revoked:${userType}:${userId}`).digest('hex') as TokenDigest;
  // Every request of a customer needs its key; a SHA-256 each time costs more than the rest of the cache lookup.
  if (userKeys.size >= MAX_REMEMBERED_KEYS) userKeys.clear();
  userKeys.set(userType * KEY_SPACE + userId, key);
  return key;
}

const userKeys = new Map<number, TokenDigest>();
const MAX_REMEMBERED_KEYS = 100_000;
// User ids are below 2^32 (Magento's int(10) unsigned), so type × 2^32 + id is one exact number per user.
const KEY_SPACE = 2 ** 32;

/** Whether a token issued at `iat` (seconds) by this user still proves anything: Magento's `iat <= revoke_before`. */
export function survivesRevocation(facts: UserFacts, iat: number): boolean {
  return facts.revokeBefore === null || iat > facts.revokeBefore;
}
