import { UserType } from '../auth/principal.ts';
import type { TokenDigest } from '../auth/token.ts';
import type { SqlDriver, SqlExecutor, SqlParam } from './sql/sql-driver.ts';
import { REVOKE_USER_TOKENS, digests } from './token-store.ts';

/** A customer as stored: Magento's `customer_entity` columns, snake_case as in the database. */
export interface CustomerRow {
  entity_id: number;
  website_id: number;
  store_id: number;
  group_id: number;
  email: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  dob: string | null;
  gender: number | null;
  taxvat: string | null;
  created_in: string | null;
  default_billing: string | null;
  default_shipping: string | null;
  disable_auto_group_change: number;
  is_subscribed: number;
  /** JSON text of the address list. */
  addresses: string;
  /** JSON text of the custom attribute list. */
  custom_attributes: string;
  password_hash: string | null;
  is_active: number;
  failures_num: number;
  first_failure: number | null;
  lock_expires: number | null;
  created_at: string;
  updated_at: string;
}

/** The columns a profile save writes; the rest belong to sign-in and are written by their own methods. */
export type CustomerProfile = Omit<
  CustomerRow,
  'entity_id' | 'password_hash' | 'is_active' | 'failures_num' | 'first_failure' | 'lock_expires' | 'created_at'
>;

const PROFILE_COLUMNS = [
  'website_id',
  'store_id',
  'group_id',
  'email',
  'firstname',
  'lastname',
  'middlename',
  'prefix',
  'suffix',
  'dob',
  'gender',
  'taxvat',
  'created_in',
  'default_billing',
  'default_shipping',
  'disable_auto_group_change',
  'is_subscribed',
  'addresses',
  'custom_attributes',
  'updated_at',
] as const satisfies readonly (keyof CustomerProfile)[];

export interface CustomerSearchSql {
  where: string;
  params: unknown[];
  orderBy: string;
  limit?: number;
  offset?: number;
}

export interface CustomerStore {
  findById(id: number): Promise<CustomerRow | undefined>;
  findByEmail(websiteId: number, email: string): Promise<CustomerRow | undefined>;
  /** Inserts a customer; a duplicate email in the website surfaces as the driver's unique violation. */
  insert(profile: CustomerProfile, passwordHash: string | null, createdAt: string): Promise<number>;
  updateProfile(id: number, profile: CustomerProfile): Promise<void>;
  /** Stores a new password hash and revokes the customer's tokens but `keepTokenId`, in one transaction. */
  changePassword(id: number, passwordHash: string, keepTokenId?: number): Promise<TokenDigest[]>;
  /** Upgrades a hash after a successful login (Magento formats, older parameters); tokens stay. */
  rehashPassword(id: number, passwordHash: string): Promise<void>;
  /** Enables or disables the account; disabling revokes its tokens in the same transaction (their digests answered). */
  setActive(id: number, active: boolean): Promise<TokenDigest[]>;
  /** Deletes the customer and every token it holds; answers the revoked digests, or undefined when there was no such customer. */
  delete(id: number): Promise<TokenDigest[] | undefined>;
  recordPasswordFailure(
    id: number,
    failuresNum: number,
    firstFailure: number | null,
    lockExpires: number | null,
  ): Promise<void>;
  resetPasswordFailures(id: number): Promise<void>;
  search(sql: CustomerSearchSql): Promise<{ rows: CustomerRow[]; total: number }>;
  groupExists(groupId: number): Promise<boolean>;
  /** True when a write failed on the unique email index. */
  isUniqueViolation(error: unknown): boolean;
}

function profileParams(profile: CustomerProfile): SqlParam[] {
  return PROFILE_COLUMNS.map((column) => profile[column]);
}

/** No stored email or username holds NUL or runs past 255 characters, so such a lookup need not reach the database. */
export function isLookupKey(text: string): boolean {
  return text.length <= 255 && !text.includes('\u0000');
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function createSqlCustomerStore(db: SqlDriver): CustomerStore {
  const revokeTokens = async (tx: SqlExecutor, id: number, keepTokenId = -1) =>
    digests(await tx.all<{ digest: TokenDigest }>(REVOKE_USER_TOKENS, [UserType.CUSTOMER, id, keepTokenId]));
  return {
    findById(id) {
      return db.get<CustomerRow>('SELECT * FROM customer_entity WHERE entity_id = ?', [id]);
    },
    async findByEmail(websiteId, email) {
      if (!isLookupKey(email)) return undefined;
      return db.get<CustomerRow>('SELECT * FROM customer_entity WHERE website_id = ? AND email_key = ?', [
        websiteId,
        emailKey(email),
      ]);
    },
    async insert(profile, passwordHash, createdAt) {
      const columns = [...PROFILE_COLUMNS, 'email_key', 'password_hash', 'created_at'];
      const row = await db.get<{ entity_id: number }>(
        `INSERT INTO customer_entity (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         RETURNING entity_id`,
        [...profileParams(profile), emailKey(profile.email), passwordHash, createdAt],
      );
      return row!.entity_id;
    },
    async updateProfile(id, profile) {
      const assignments = [...PROFILE_COLUMNS, 'email_key'].map((column) => `${column} = ?`).join(', ');
      await db.run(`UPDATE customer_entity SET ${assignments} WHERE entity_id = ?`, [
        ...profileParams(profile),
        emailKey(profile.email),
        id,
      ]);
    },
    changePassword(id, passwordHash, keepTokenId) {
      return db.transaction(async (tx) => {
        await tx.run('UPDATE customer_entity SET password_hash = ? WHERE entity_id = ?', [passwordHash, id]);
        return revokeTokens(tx, id, keepTokenId);
      });
    },
    async rehashPassword(id, passwordHash) {
      await db.run('UPDATE customer_entity SET password_hash = ? WHERE entity_id = ?', [passwordHash, id]);
    },
    setActive(id, active) {
      return db.transaction(async (tx) => {
        await tx.run('UPDATE customer_entity SET is_active = ? WHERE entity_id = ?', [active ? 1 : 0, id]);
        return active ? [] : revokeTokens(tx, id);
      });
    },
    delete(id) {
      return db.transaction(async (tx) => {
        const revoked = await revokeTokens(tx, id);
        const result = await tx.run('DELETE FROM customer_entity WHERE entity_id = ?', [id]);
        return result.changes > 0 ? revoked : undefined;
      });
    },
    async recordPasswordFailure(id, failuresNum, firstFailure, lockExpires) {
      await db.run(
        'UPDATE customer_entity SET failures_num = ?, first_failure = ?, lock_expires = ? WHERE entity_id = ?',
        [failuresNum, firstFailure, lockExpires, id],
      );
    },
    async resetPasswordFailures(id) {
      await db.run(
        'UPDATE customer_entity SET failures_num = 0, first_failure = NULL, lock_expires = NULL WHERE entity_id = ?',
        [id],
      );
    },
    async search(sql) {
      const params = sql.params as SqlParam[];
      const total = await db.get<{ total: number }>(
        `SELECT COUNT(*) AS total FROM customer_entity WHERE ${sql.where}`,
        params,
      );
      const paging = sql.limit === undefined ? '' : ' LIMIT ? OFFSET ?';
      const pagingParams = sql.limit === undefined ? [] : [sql.limit, sql.offset ?? 0];
      const rows = await db.all<CustomerRow>(
        `SELECT * FROM customer_entity WHERE ${sql.where} ORDER BY ${sql.orderBy}${paging}`,
        [...params, ...pagingParams],
      );
      return { rows, total: Number(total?.total ?? 0) };
    },
    async groupExists(groupId) {
      return (
        (await db.get('SELECT 1 AS found FROM customer_group WHERE customer_group_id = ?', [groupId])) !== undefined
      );
    },
    isUniqueViolation: (error) => db.isUniqueViolation(error),
  };
}
