import { UserType } from '../auth/principal.ts';
import type { UserFacts, UserFactsStore } from '../auth/jwt/user-facts.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

const REVOKED = '(SELECT r.revoke_before FROM jwt_auth_revoked r WHERE r.user_type_id = ? AND r.user_id = ?)';
const CUSTOMER_FACTS = `SELECT c.website_id, c.group_id, c.store_id, ${REVOKED} AS revoke_before
FROM customer_entity c WHERE c.entity_id = ? AND c.is_active = 1`;
const ADMIN_FACTS = `SELECT a.role_id, ${REVOKED} AS revoke_before FROM admin_user a WHERE a.user_id = ? AND a.is_active = 1`;

// Magento overwrites the row; keeping the later value instead means a node whose clock lags cannot revive
// tokens another node already revoked.
const SAVE_REVOKED = `INSERT INTO jwt_auth_revoked (user_type_id, user_id, revoke_before) VALUES (?, ?, ?)
ON CONFLICT (user_type_id, user_id) DO UPDATE SET revoke_before = CASE
  WHEN excluded.revoke_before > jwt_auth_revoked.revoke_before THEN excluded.revoke_before
  ELSE jwt_auth_revoked.revoke_before END`;

const NOBODY: UserFacts = Object.freeze({ revokeBefore: null, customer: null, admin: null });

/** Magento's `jwt_auth_revoked` in SQL, read together with the user's active flag and facts. */
export class SqlUserFactsStore implements UserFactsStore {
  constructor(private readonly db: SqlDriver) {}

  async factsOf(userType: UserType, userId: number): Promise<UserFacts> {
    if (userType === UserType.CUSTOMER) {
      const row = await this.db.get<{
        website_id: number;
        group_id: number;
        store_id: number;
        revoke_before: number | null;
      }>(CUSTOMER_FACTS, [userType, userId, userId]);
      if (!row) return NOBODY;
      return {
        revokeBefore: row.revoke_before,
        customer: { websiteId: row.website_id, groupId: row.group_id, storeId: row.store_id },
        admin: null,
      };
    }
    const row = await this.db.get<{ role_id: number; revoke_before: number | null }>(ADMIN_FACTS, [
      userType,
      userId,
      userId,
    ]);
    return row ? { revokeBefore: row.revoke_before, customer: null, admin: { roleId: row.role_id } } : NOBODY;
  }

  async revokeBefore(userType: UserType, userId: number, before: number): Promise<void> {
    await this.db.run(SAVE_REVOKED, [userType, userId, before]);
  }
}
