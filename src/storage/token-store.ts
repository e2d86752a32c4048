import type { SignInUserType, UserType } from '../auth/principal.ts';
import { grantedResources } from '../integrations/integration.ts';
import { parseResourceIds } from './integration-rows.ts';
import type { TokenDigest } from '../auth/token.ts';
import type { NewToken, TokenOwner, TokenSession, TokenStore } from '../auth/token-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

interface OwnerRow {
  token_id: number;
  user_type: number;
  user_id: number;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  website_id: number | null;
  group_id: number | null;
  store_id: number | null;
  role_id: number | null;
  integration_id: number | null;
  all_resources: number | null;
  resource_ids: string | null;
}

// An integration's row counts only as its unrevoked access token of an Active integration: its verifier and
// request tokens (the same row earlier in the handshake) prove nothing, and an inactive integration is a guest.
export const FIND_BY_DIGEST = `
SELECT t.token_id, t.user_type, t.user_id, t.created_at, t.last_used_at, t.expires_at, c.website_id, c.group_id, c.store_id,
  a.role_id, i.integration_id, i.all_resources, i.resource_ids
FROM oauth_token t
LEFT JOIN customer_entity c ON t.user_type = 3 AND c.entity_id = t.user_id AND c.is_active = 1
LEFT JOIN admin_user a ON t.user_type = 2 AND a.user_id = t.user_id AND a.is_active = 1
LEFT JOIN integration i ON t.user_type = 1 AND i.integration_id = t.user_id AND i.status = 1
  AND t.token_type = 'access' AND t.revoked = 0
WHERE t.digest = ?`;

/** Deletes a user's tokens (but one) and answers their digests; shared by every store that revokes. */
export const REVOKE_USER_TOKENS =
  'DELETE FROM oauth_token WHERE user_type = ? AND user_id = ? AND token_id <> ? RETURNING digest';

/** The digests of rows a `RETURNING digest` answered, for the caches to forget. */
export function digests(rows: { digest: TokenDigest }[]): TokenDigest[] {
  return rows.map((row) => row.digest);
}

/** The token table in SQL; only digests are written. */
export class SqlTokenStore implements TokenStore {
  constructor(private readonly db: SqlDriver) {}

  async insert(token: NewToken): Promise<number> {
    const row = await this.db.get<{ token_id: number }>(
      `INSERT INTO oauth_token (digest, user_type, user_id, created_at, ip, user_agent, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING token_id`,
      [token.digest, token.userType, token.userId, token.createdAt, token.ip, token.userAgent, token.expiresAt ?? null],
    );
    return row!.token_id;
  }

  async findByDigest(digest: TokenDigest): Promise<TokenOwner | undefined> {
    const row = await this.db.get<OwnerRow>(FIND_BY_DIGEST, [digest]);
    if (!row) return undefined;
    return {
      tokenId: row.token_id,
      userType: row.user_type as UserType,
      userId: row.user_id,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      expiresAt: row.expires_at,
      customer:
        row.website_id === null ? null : { websiteId: row.website_id, groupId: row.group_id!, storeId: row.store_id! },
      admin: row.role_id === null ? null : { roleId: row.role_id },
      integration:
        row.integration_id === null
          ? null
          : {
              resources: grantedResources({
                allResources: row.all_resources === 1,
                resources: parseResourceIds(row.resource_ids ?? '[]'),
              }),
            },
    };
  }

  async revokeAllFor(userType: UserType, userId: number, exceptTokenId?: number): Promise<TokenDigest[]> {
    return digests(
      await this.db.all<{ digest: TokenDigest }>(REVOKE_USER_TOKENS, [userType, userId, exceptTokenId ?? -1]),
    );
  }

  async listFor(userType: UserType, userId: number): Promise<TokenSession[]> {
    const rows = await this.db.all<{
      token_id: number;
      created_at: number;
      last_used_at: number | null;
      ip: string | null;
      user_agent: string | null;
      expires_at: number | null;
    }>(
      `SELECT token_id, created_at, last_used_at, ip, user_agent, expires_at FROM oauth_token
       WHERE user_type = ? AND user_id = ? ORDER BY created_at DESC, token_id DESC`,
      [userType, userId],
    );
    return rows.map((row) => ({
      tokenId: row.token_id,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      ip: row.ip,
      userAgent: row.user_agent,
      expiresAt: row.expires_at,
    }));
  }

  async revokeOne(userType: UserType, userId: number, tokenId: number): Promise<TokenDigest | undefined> {
    const row = await this.db.get<{ digest: TokenDigest }>(
      'DELETE FROM oauth_token WHERE token_id = ? AND user_type = ? AND user_id = ? RETURNING digest',
      [tokenId, userType, userId],
    );
    return row?.digest;
  }

  async touch(tokenId: number, at: number): Promise<void> {
    await this.db.run('UPDATE oauth_token SET last_used_at = ? WHERE token_id = ?', [at, tokenId]);
  }

  async digestsOf(userType: UserType, userId: number): Promise<TokenDigest[]> {
    return digests(
      await this.db.all<{ digest: TokenDigest }>('SELECT digest FROM oauth_token WHERE user_type = ? AND user_id = ?', [
        userType,
        userId,
      ]),
    );
  }

  async deleteIssuedBefore(userType: SignInUserType, createdBefore: number): Promise<number> {
    // JWT records end with their own exp (deleteEndedBy), whatever the opaque lifetime says.
    const result = await this.db.run(
      'DELETE FROM oauth_token WHERE user_type = ? AND created_at <= ? AND expires_at IS NULL',
      [userType, createdBefore],
    );
    return result.changes;
  }

  async deleteEndedBy(now: number): Promise<number> {
    return (await this.db.run('DELETE FROM oauth_token WHERE expires_at IS NOT NULL AND expires_at <= ?', [now]))
      .changes;
  }
}
