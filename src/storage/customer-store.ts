import type { CustomerProfile, CustomerRecord, CustomerRow, CustomerStore } from '../accounts/customer-store.ts';
import type { SearchSql } from '../accounts/search-criteria-sql.ts';
import { UserType } from '../auth/principal.ts';
import type { TokenDigest } from '../auth/token.ts';
import type { SqlDriver, SqlExecutor, SqlParam } from './sql/sql-driver.ts';
import { REVOKE_USER_TOKENS, digests } from './token-store.ts';

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

// The sign-in columns stay in the database: a record may be cached, and a password hash has no business there.
export const SELECT_CUSTOMER_RECORD = `SELECT entity_id, is_active, created_at, ${PROFILE_COLUMNS.join(', ')} FROM customer_entity WHERE entity_id = ?`;

function profileParams(profile: CustomerProfile): SqlParam[] {
  return PROFILE_COLUMNS.map((column) => profile[column]);
}

/** No stored email or username holds NUL or runs past 255 characters, so such a lookup need not reach the database. */
export function isLookupKey(text: string): boolean {
  return text.length <= 255 && !text.includes('\u0000');
}

/** The form an email is matched in: Magento compares emails without case or outer spaces. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

async function revokeCustomerTokens(tx: SqlExecutor, id: number, keepTokenId = -1): Promise<TokenDigest[]> {
  return digests(await tx.all<{ digest: TokenDigest }>(REVOKE_USER_TOKENS, [UserType.CUSTOMER, id, keepTokenId]));
}

/** Customer accounts in SQL; changes that end sessions delete the tokens in the same transaction. */
export class SqlCustomerStore implements CustomerStore {
  constructor(private readonly db: SqlDriver) {}

  findById(id: number): Promise<CustomerRow | undefined> {
    return this.db.get<CustomerRow>('SELECT * FROM customer_entity WHERE entity_id = ?', [id]);
  }

  findRecord(id: number): Promise<CustomerRecord | undefined> {
    return this.db.get<CustomerRecord>(SELECT_CUSTOMER_RECORD, [id]);
  }

  /** The database itself holds nothing in memory: every record is read. */
  heldRecord(): undefined {
    return undefined;
  }

  async findByEmail(websiteId: number, email: string): Promise<CustomerRow | undefined> {
    if (!isLookupKey(email)) return undefined;
    return this.db.get<CustomerRow>('SELECT * FROM customer_entity WHERE website_id = ? AND email_key = ?', [
      websiteId,
      emailKey(email),
    ]);
  }

  async insert(profile: CustomerProfile, passwordHash: string | null, createdAt: string): Promise<number> {
    const columns = [...PROFILE_COLUMNS, 'email_key', 'password_hash', 'created_at'];
    const row = await this.db.get<{ entity_id: number }>(
      `INSERT INTO customer_entity (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
       RETURNING entity_id`,
      [...profileParams(profile), emailKey(profile.email), passwordHash, createdAt],
    );
    return row!.entity_id;
  }

  async updateProfile(id: number, profile: CustomerProfile): Promise<void> {
    const assignments = [...PROFILE_COLUMNS, 'email_key'].map((column) => `${column} = ?`).join(', ');
    await this.db.run(`UPDATE customer_entity SET ${assignments} WHERE entity_id = ?`, [
      ...profileParams(profile),
      emailKey(profile.email),
      id,
    ]);
  }

  changePassword(id: number, passwordHash: string, keepTokenId?: number): Promise<TokenDigest[]> {
    return this.db.transaction(async (tx) => {
      await tx.run('UPDATE customer_entity SET password_hash = ? WHERE entity_id = ?', [passwordHash, id]);
      return revokeCustomerTokens(tx, id, keepTokenId);
    });
  }

  async rehashPassword(id: number, passwordHash: string): Promise<void> {
    await this.db.run('UPDATE customer_entity SET password_hash = ? WHERE entity_id = ?', [passwordHash, id]);
  }

  setActive(id: number, active: boolean): Promise<TokenDigest[]> {
    return this.db.transaction(async (tx) => {
      await tx.run('UPDATE customer_entity SET is_active = ? WHERE entity_id = ?', [active ? 1 : 0, id]);
      return active ? [] : revokeCustomerTokens(tx, id);
    });
  }

  delete(id: number): Promise<TokenDigest[] | undefined> {
    return this.db.transaction(async (tx) => {
      const revoked = await revokeCustomerTokens(tx, id);
      const result = await tx.run('DELETE FROM customer_entity WHERE entity_id = ?', [id]);
      return result.changes > 0 ? revoked : undefined;
    });
  }

  async recordPasswordFailure(
    id: number,
    failuresNum: number,
    firstFailure: number | null,
    lockExpires: number | null,
  ): Promise<void> {
    await this.db.run(
      'UPDATE customer_entity SET failures_num = ?, first_failure = ?, lock_expires = ? WHERE entity_id = ?',
      [failuresNum, firstFailure, lockExpires, id],
    );
  }

  async resetPasswordFailures(id: number): Promise<void> {
    await this.db.run(
      'UPDATE customer_entity SET failures_num = 0, first_failure = NULL, lock_expires = NULL WHERE entity_id = ?',
      [id],
    );
  }

  async search(sql: SearchSql): Promise<{ rows: CustomerRow[]; total: number }> {
    const params = sql.params as SqlParam[];
    const total = await this.db.get<{ total: number }>(
      `SELECT COUNT(*) AS total FROM customer_entity WHERE ${sql.where}`,
      params,
    );
    const paging = sql.limit === undefined ? '' : ' LIMIT ? OFFSET ?';
    const pagingParams = sql.limit === undefined ? [] : [sql.limit, sql.offset ?? 0];
    const rows = await this.db.all<CustomerRow>(
      `SELECT * FROM customer_entity WHERE ${sql.where} ORDER BY ${sql.orderBy}${paging}`,
      [...params, ...pagingParams],
    );
    return { rows, total: Number(total?.total ?? 0) };
  }

  async groupExists(groupId: number): Promise<boolean> {
    return (
      (await this.db.get('SELECT 1 AS found FROM customer_group WHERE customer_group_id = ?', [groupId])) !== undefined
    );
  }

  isUniqueViolation(error: unknown): boolean {
    return this.db.isUniqueViolation(error);
  }
}
