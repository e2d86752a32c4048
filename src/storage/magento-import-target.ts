// Keyway's side of the Magento import in SQL, written once for SQLite and PostgreSQL. Every write compares with
// what is stored first, so a second run reports `unchanged` and writes nothing.
import { UserType } from '../auth/principal.ts';
import { throttleKey } from '../auth/throttle-key.ts';
import type { UpsertOutcome } from '../import/customer-import-store.ts';
import type {
  ImportedAdmin,
  ImportedIntegration,
  ImportedTfa,
  ImportedToken,
  MagentoImportTarget,
  StoreKind,
  StoredIntegration,
  StoredPerson,
} from '../import/magento-target.ts';
import type {
  MagentoCustomerGroup,
  MagentoStoreGroup,
  MagentoStoreView,
  MagentoWebsite,
} from '../import/magento-source.ts';
import { emailKey } from './customer-store.ts';
import { placeholders, upsertRow } from './magento-import-rows.ts';
import { writeIntegration, writeTfa } from './magento-secret-writes.ts';
import type { SqlDriver, SqlParam } from './sql/sql-driver.ts';

const STORE_TABLES: Record<StoreKind, { table: string; id: string }> = {
  website: { table: 'store_website', id: 'website_id' },
  group: { table: 'store_group', id: 'group_id' },
  store: { table: 'store', id: 'store_id' },
};

// A hash in Keyway's own format means the admin signed in here since (the Magento hash was upgraded): it stays.
const KEYWAY_HASH = /^\$/;

/** The Magento import's writes and clash reads over Keyway's database. */
export class SqlMagentoImportTarget implements MagentoImportTarget {
  constructor(private readonly db: SqlDriver) {}

  async storeCodes(kind: StoreKind): Promise<Map<number, string>> {
    const { table, id } = STORE_TABLES[kind];
    const rows = await this.db.all<{ id: number; code: string }>(`SELECT ${id} AS id, code FROM ${table}`);
    return new Map(rows.map((row) => [Number(row.id), row.code]));
  }

  async customersMatching(
    ids: readonly number[],
    emails: readonly { websiteId: number; email: string }[],
  ): Promise<StoredPerson[]> {
    const found: StoredPerson[] = [];
    const read = async (where: string, params: SqlParam[]) => {
      const rows = await this.db.all<{ entity_id: number; email: string; website_id: number }>(
        `SELECT entity_id, email, website_id FROM customer_entity WHERE ${where}`,
        params,
      );
      for (const row of rows)
        found.push({ id: Number(row.entity_id), key: row.email, websiteId: Number(row.website_id) });
    };
    if (ids.length > 0) await read(`entity_id IN (${placeholders(ids.length)})`, [...ids]);
    if (emails.length > 0) {
      const keys = emails.map((e) => emailKey(e.email));
      await read(`email_key IN (${placeholders(keys.length)})`, keys);
    }
    return found;
  }

  async admins(): Promise<StoredPerson[]> {
    const rows = await this.db.all<{ user_id: number; username: string }>('SELECT user_id, username FROM admin_user');
    return rows.map((row) => ({ id: Number(row.user_id), key: row.username }));
  }

  async integrations(): Promise<StoredIntegration[]> {
    const rows = await this.db.all<{ integration_id: number; name: string; consumer_id: number; consumer_key: string }>(
      `SELECT i.integration_id, i.name, i.consumer_id, c.consumer_key FROM integration i
       JOIN oauth_consumer c ON c.entity_id = i.consumer_id`,
    );
    return rows.map((row) => ({
      id: Number(row.integration_id),
      name: row.name,
      consumerId: Number(row.consumer_id),
      consumerKey: row.consumer_key,
    }));
  }

  async consumers(): Promise<Map<number, string>> {
    const rows = await this.db.all<{ entity_id: number; consumer_key: string }>(
      'SELECT entity_id, consumer_key FROM oauth_consumer',
    );
    return new Map(rows.map((row) => [Number(row.entity_id), row.consumer_key]));
  }

  async settings(): Promise<Map<string, string>> {
    const rows = await this.db.all<{ path: string; value: string }>('SELECT path, value FROM core_config_data');
    return new Map(rows.map((row) => [row.path, row.value]));
  }

  upsertStores(websites: MagentoWebsite[], groups: MagentoStoreGroup[], views: MagentoStoreView[]) {
    return this.db.transaction(async (tx) => {
      const outcomes: UpsertOutcome[] = [];
      for (const w of websites) {
        outcomes.push(
          await upsertRow(tx, 'store_website', {
            website_id: w.id,
            code: w.code,
            name: w.name,
            default_group_id: w.defaultGroupId,
          }),
        );
      }
      for (const g of groups) {
        outcomes.push(
          await upsertRow(tx, 'store_group', {
            group_id: g.id,
            website_id: g.websiteId,
            code: g.code,
            name: g.name,
            root_category_id: g.rootCategoryId,
            default_store_id: g.defaultStoreId,
          }),
        );
      }
      for (const v of views) {
        outcomes.push(
          await upsertRow(tx, 'store', {
            store_id: v.id,
            code: v.code,
            name: v.name,
            website_id: v.websiteId,
            group_id: v.groupId,
            is_active: v.isActive ? 1 : 0,
          }),
        );
      }
      return outcomes;
    });
  }

  upsertCustomerGroups(groups: MagentoCustomerGroup[]): Promise<UpsertOutcome[]> {
    return this.db.transaction(async (tx) => {
      const outcomes: UpsertOutcome[] = [];
      for (const group of groups) {
        outcomes.push(await upsertRow(tx, 'customer_group', { customer_group_id: group.id, code: group.code }));
      }
      return outcomes;
    });
  }

  upsertRole(name: string, resources: readonly string[]) {
    return this.db.transaction(async (tx) => {
      const wanted = [...new Set(resources)].sort();
      const role = await tx.get<{ role_id: number }>('SELECT role_id FROM admin_role WHERE role_name = ?', [name]);
      let roleId: number;
      let outcome: UpsertOutcome;
      if (role) {
        roleId = Number(role.role_id);
        const rows = await tx.all<{ resource_id: string }>(
          'SELECT resource_id FROM admin_role_rule WHERE role_id = ?',
          [roleId],
        );
        const stored = rows.map((row) => row.resource_id).sort();
        if (stored.join('\n') === wanted.join('\n')) return { roleId, outcome: 'unchanged' as const };
        await tx.run('DELETE FROM admin_role_rule WHERE role_id = ?', [roleId]);
        outcome = 'updated';
      } else {
        const row = await tx.get<{ role_id: number }>(
          'INSERT INTO admin_role (role_name) VALUES (?) RETURNING role_id',
          [name],
        );
        roleId = Number(row!.role_id);
        outcome = 'imported';
      }
      for (const resource of wanted) {
        await tx.run('INSERT INTO admin_role_rule (role_id, resource_id) VALUES (?, ?)', [roleId, resource]);
      }
      return { roleId, outcome };
    });
  }

  async upsertAdmin(admin: ImportedAdmin): Promise<UpsertOutcome> {
    return this.db.transaction(async (tx) => {
      const stored = await tx.get<{ password_hash: string }>('SELECT password_hash FROM admin_user WHERE user_id = ?', [
        admin.id,
      ]);
      const keepHash = stored !== undefined && KEYWAY_HASH.test(stored.password_hash);
      return upsertRow(tx, 'admin_user', {
        user_id: admin.id,
        username: admin.username,
        username_key: admin.username.toLowerCase(),
        email: admin.email,
        firstname: admin.firstname,
        lastname: admin.lastname,
        password_hash: keepHash ? stored.password_hash : admin.passwordHash,
        is_active: admin.isActive ? 1 : 0,
        role_id: admin.roleId,
        created_at: admin.createdAt,
        updated_at: admin.updatedAt,
      });
    });
  }

  async lockAdmin(username: string, until: number): Promise<void> {
    // Keyway locks an admin through the failed-login log: a count at the limit until the lock's end. A count far
    // above any limit keeps the lock whatever max_failures_count is set to later.
    await this.db.run(
      `INSERT INTO oauth_token_request_log (user_name, user_type, failures_count, lock_expires_at, pending_count, pending_expires_at)
       VALUES (?, ?, 1000000, ?, 0, 0)
       ON CONFLICT (user_name, user_type) DO UPDATE SET failures_count = excluded.failures_count,
         lock_expires_at = excluded.lock_expires_at
       WHERE oauth_token_request_log.lock_expires_at < excluded.lock_expires_at`,
      [throttleKey(username), UserType.ADMIN, until],
    );
  }

  upsertIntegration(integration: ImportedIntegration): Promise<UpsertOutcome> {
    return writeIntegration(this.db, integration);
  }

  insertTokens(tokens: readonly ImportedToken[]): Promise<UpsertOutcome[]> {
    return this.db.transaction(async (tx) => {
      const outcomes: UpsertOutcome[] = [];
      for (const token of tokens) {
        const row = await tx.get(
          `INSERT INTO oauth_token (digest, user_type, user_id, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (digest) DO NOTHING RETURNING token_id`,
          [token.digest, token.userType, token.userId, token.createdAt],
        );
        outcomes.push(row ? 'imported' : 'unchanged');
      }
      return outcomes;
    });
  }

  async saveRevocation(userTypeId: number, userId: number, revokeBefore: number): Promise<UpsertOutcome> {
    const stored = await this.db.get<{ revoke_before: number }>(
      'SELECT revoke_before FROM jwt_auth_revoked WHERE user_type_id = ? AND user_id = ?',
      [userTypeId, userId],
    );
    // The later of the two wins: a revocation made in Keyway since must not be undone by an older one.
    if (stored && Number(stored.revoke_before) >= revokeBefore) return 'unchanged';
    await this.db.run(
      `INSERT INTO jwt_auth_revoked (user_type_id, user_id, revoke_before) VALUES (?, ?, ?)
       ON CONFLICT (user_type_id, user_id) DO UPDATE SET revoke_before = excluded.revoke_before`,
      [userTypeId, userId, revokeBefore],
    );
    return stored ? 'updated' : 'imported';
  }

  saveTfa(tfa: ImportedTfa): Promise<UpsertOutcome> {
    return writeTfa(this.db, tfa);
  }

  async setSetting(path: string, value: string): Promise<void> {
    await this.db.run(
      'INSERT INTO core_config_data (path, value) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value',
      [path, value],
    );
  }

  async finish(): Promise<void> {
    if (this.db.dialect !== 'postgres') return;
    for (const [table, column] of [
      ['admin_user', 'user_id'],
      ['integration', 'integration_id'],
      ['oauth_consumer', 'entity_id'],
    ]) {
      await this.db.get(
        `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), GREATEST((SELECT MAX(${column}) FROM ${table}), 1))`,
      );
    }
  }
}
