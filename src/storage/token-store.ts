import type { TokenDigest } from '../auth/token.ts';
import type { UserType } from '../auth/principal.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

export interface NewToken {
  digest: TokenDigest;
  userType: UserType;
  userId: number;
  createdAt: number;
  ip: string | null;
  userAgent: string | null;
}

/** A stored token with the facts about its owner that authorization needs, read in one query. */
export interface TokenOwner {
  tokenId: number;
  userType: UserType;
  userId: number;
  createdAt: number;
  lastUsedAt: number | null;
  /** Null when the owner is gone or disabled: such a token proves nothing. */
  customer: { websiteId: number; groupId: number; storeId: number } | null;
  admin: { roleId: number } | null;
}

/** A token as its owner may see it in a session list: never the token, nor its digest. */
export interface TokenSession {
  tokenId: number;
  createdAt: number;
  lastUsedAt: number | null;
  ip: string | null;
  userAgent: string | null;
}

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
  /** Removes tokens of a user type issued at or before `createdBefore` (expired ones). */
  deleteIssuedBefore(userType: UserType, createdBefore: number): Promise<number>;
}

interface OwnerRow {
  token_id: number;
  user_type: number;
  user_id: number;
  created_at: number;
  last_used_at: number | null;
  website_id: number | null;
  group_id: number | null;
  store_id: number | null;
  role_id: number | null;
}

const FIND_BY_DIGEST = `
SELECT t.token_id, t.user_type, t.user_id, t.created_at, t.last_used_at, c.website_id, c.group_id, c.store_id, a.role_id
FROM oauth_token t
LEFT JOIN customer_entity c ON t.user_type = 3 AND c.entity_id = t.user_id AND c.is_active = 1
LEFT JOIN admin_user a ON t.user_type = 2 AND a.user_id = t.user_id AND a.is_active = 1
WHERE t.digest = ?`;

/** Deletes a user's tokens (but one) and answers their digests; shared by every store that revokes. */
export const REVOKE_USER_TOKENS =
  'DELETE FROM oauth_token WHERE user_type = ? AND user_id = ? AND token_id <> ? RETURNING digest';

export function digests(rows: { digest: TokenDigest }[]): TokenDigest[] {
  return rows.map((row) => row.digest);
}

export function createSqlTokenStore(db: SqlDriver): TokenStore {
  return {
    async insert(token) {
      const row = await db.get<{ token_id: number }>(
        `INSERT INTO oauth_token (digest, user_type, user_id, created_at, ip, user_agent)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING token_id`,
        [token.digest, token.userType, token.userId, token.createdAt, token.ip, token.userAgent],
      );
      return row!.token_id;
    },
    async findByDigest(digest) {
      const row = await db.get<OwnerRow>(FIND_BY_DIGEST, [digest]);
      if (!row) return undefined;
      return {
        tokenId: row.token_id,
        userType: row.user_type as UserType,
        userId: row.user_id,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
        customer:
          row.website_id === null
            ? null
            : { websiteId: row.website_id, groupId: row.group_id!, storeId: row.store_id! },
        admin: row.role_id === null ? null : { roleId: row.role_id },
      };
    },
    async revokeAllFor(userType, userId, exceptTokenId) {
      return digests(
        await db.all<{ digest: TokenDigest }>(REVOKE_USER_TOKENS, [userType, userId, exceptTokenId ?? -1]),
      );
    },
    async listFor(userType, userId) {
      const rows = await db.all<{
        token_id: number;
        created_at: number;
        last_used_at: number | null;
        ip: string | null;
        user_agent: string | null;
      }>(
        `SELECT token_id, created_at, last_used_at, ip, user_agent FROM oauth_token
         WHERE user_type = ? AND user_id = ? ORDER BY created_at DESC, token_id DESC`,
        [userType, userId],
      );
      return rows.map((row) => ({
        tokenId: row.token_id,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
        ip: row.ip,
        userAgent: row.user_agent,
      }));
    },
    async revokeOne(userType, userId, tokenId) {
      const row = await db.get<{ digest: TokenDigest }>(
        'DELETE FROM oauth_token WHERE token_id = ? AND user_type = ? AND user_id = ? RETURNING digest',
        [tokenId, userType, userId],
      );
      return row?.digest;
    },
    async touch(tokenId, at) {
      await db.run('UPDATE oauth_token SET last_used_at = ? WHERE token_id = ?', [at, tokenId]);
    },
    async digestsOf(userType, userId) {
      return digests(
        await db.all<{ digest: TokenDigest }>('SELECT digest FROM oauth_token WHERE user_type = ? AND user_id = ?', [
          userType,
          userId,
        ]),
      );
    },
    async deleteIssuedBefore(userType, createdBefore) {
      const result = await db.run('DELETE FROM oauth_token WHERE user_type = ? AND created_at <= ?', [
        userType,
        createdBefore,
      ]);
      return result.changes;
    },
  };
}
