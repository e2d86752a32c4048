// The Magento side of the importer: every query against a Magento 2.4 MySQL/MariaDB database, in one place.
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import type { MagentoCustomerPage, MagentoSource } from '../import/magento-source.ts';
import { epochMs, int, type Row, text, toAddress, toCustomer, toToken } from './magento-mysql-rows.ts';

/** The connection settings a `mysql://USER:PASS@HOST:PORT/DB` URL names; the password never appears in a message. */
function connectionOptions(url: string, password: string | undefined): mysql.ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('--from must be a URL such as mysql://USER:PASS@HOST:3306/DB');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`--from must start with mysql://, got ${parsed.protocol}//`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '') throw new Error('--from names no database: mysql://USER:PASS@HOST:PORT/DB');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    // A password in the URL shows in `ps`; the caller may pass one from the environment instead.
    password: parsed.password ? decodeURIComponent(parsed.password) : (password ?? ''),
    database,
    // Dates stay text and TIMESTAMPs come out in UTC, whatever the server's zone: Magento stores them in UTC.
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: 'utf8mb4',
  };
}

/**
 * Opens a Magento database read only; `prefix` is Magento's table prefix (`db/table_prefix` in env.php), and
 * `password` is used when the URL holds none.
 */
export async function openMagentoSource(url: string, prefix = '', password?: string): Promise<MagentoSource> {
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) throw new Error('--table-prefix may hold letters, digits and _ only');
  const db: Connection = await mysql.createConnection(connectionOptions(url, password));
  await db.query("SET time_zone = '+00:00'");
  // Nothing this importer does writes to Magento; a read-only transaction also gives one consistent snapshot.
  await db.query('SET SESSION TRANSACTION READ ONLY');
  await db.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
  const t = (name: string) => `\`${prefix}${name}\``;

  const all = async (sql: string, params: unknown[] = []): Promise<Row[]> => {
    const [rows] = await db.query<RowDataPacket[]>(sql, params);
    return rows as Row[];
  };
  const tableExists = async (name: string): Promise<boolean> =>
    (
      await all('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [
        `${prefix}${name}`,
      ])
    ).length > 0;
  // Magento_JwtUserToken (2.4.4+) and Magento_TwoFactorAuth may be absent: then there is nothing of theirs to read.
  const optional = async (name: string, sql: string): Promise<Row[]> => ((await tableExists(name)) ? all(sql) : []);

  return {
    async websites() {
      return (
        await all(`SELECT website_id, code, name, default_group_id FROM ${t('store_website')} ORDER BY website_id`)
      ).map((r) => ({
        id: Number(r.website_id),
        code: String(r.code),
        name: String(r.name ?? r.code),
        defaultGroupId: Number(r.default_group_id),
      }));
    },
    async storeGroups() {
      const rows = await all(
        `SELECT group_id, website_id, code, name, root_category_id, default_store_id FROM ${t('store_group')} ORDER BY group_id`,
      );
      return rows.map((r) => ({
        id: Number(r.group_id),
        websiteId: Number(r.website_id),
        code: String(r.code ?? `group_${r.group_id}`),
        name: String(r.name),
        rootCategoryId: Number(r.root_category_id),
        defaultStoreId: Number(r.default_store_id),
      }));
    },
    async storeViews() {
      const rows = await all(
        `SELECT store_id, code, name, website_id, group_id, is_active FROM ${t('store')} ORDER BY store_id`,
      );
      return rows.map((r) => ({
        id: Number(r.store_id),
        code: String(r.code),
        name: String(r.name),
        websiteId: Number(r.website_id),
        groupId: Number(r.group_id),
        isActive: Number(r.is_active) === 1,
      }));
    },
    async customerGroups() {
      const rows = await all(
        `SELECT customer_group_id, customer_group_code FROM ${t('customer_group')} ORDER BY customer_group_id`,
      );
      return rows.map((r) => ({ id: Number(r.customer_group_id), code: String(r.customer_group_code) }));
    },
    async customerCount() {
      return Number((await all(`SELECT COUNT(*) AS n FROM ${t('customer_entity')}`))[0]!.n);
    },
    async *customerPages(size) {
      let after = -1;
      for (;;) {
        const customers = (
          await all(`SELECT * FROM ${t('customer_entity')} WHERE entity_id > ? ORDER BY entity_id LIMIT ?`, [
            after,
            size,
          ])
        ).map(toCustomer);
        if (customers.length === 0) return;
        after = customers[customers.length - 1]!.id;
        const addresses = (
          await all(
            `SELECT * FROM ${t('customer_address_entity')} WHERE parent_id >= ? AND parent_id <= ? ORDER BY entity_id`,
            [customers[0]!.id, after],
          )
        ).map(toAddress);
        yield { customers, addresses } satisfies MagentoCustomerPage;
      }
    },
    async admins() {
      const rows = await all(
        `SELECT user_id, username, email, firstname, lastname, password, is_active, lock_expires, created, modified
         FROM ${t('admin_user')} ORDER BY user_id`,
      );
      return rows.map((r) => ({
        id: Number(r.user_id),
        username: String(r.username ?? ''),
        email: String(r.email ?? ''),
        firstname: String(r.firstname ?? ''),
        lastname: String(r.lastname ?? ''),
        passwordHash: String(r.password ?? ''),
        isActive: Number(r.is_active) === 1,
        lockExpires: epochMs(r.lock_expires),
        createdAt: String(r.created),
        updatedAt: String(r.modified),
      }));
    },
    async roles() {
      const rows = await all(
        `SELECT role_id, parent_id, role_type, user_id, user_type, role_name FROM ${t('authorization_role')} ORDER BY role_id`,
      );
      return rows.map((r) => ({
        id: Number(r.role_id),
        parentId: Number(r.parent_id),
        roleType: String(r.role_type),
        userId: Number(r.user_id),
        // A varchar in Magento ('1', '2'); compared as a number so that '02' or ' 2' cannot slip past.
        userType: r.user_type === null || String(r.user_type).trim() === '' ? null : Number(r.user_type),
        name: String(r.role_name ?? ''),
      }));
    },
    async rules() {
      const rows = await all(
        `SELECT role_id, resource_id, permission FROM ${t('authorization_rule')} ORDER BY rule_id`,
      );
      return rows.map((r) => ({
        roleId: Number(r.role_id),
        resourceId: String(r.resource_id ?? ''),
        permission: String(r.permission ?? ''),
      }));
    },
    async integrations() {
      const rows = await all(`SELECT * FROM ${t('integration')} ORDER BY integration_id`);
      return rows.map((r) => ({
        id: Number(r.integration_id),
        name: String(r.name),
        email: String(r.email ?? ''),
        endpoint: text(r.endpoint),
        identityLinkUrl: text(r.identity_link_url),
        status: Number(r.status),
        setupType: Number(r.setup_type ?? 0),
        consumerId: int(r.consumer_id),
        createdAt: epochMs(r.created_at) ?? 0,
        updatedAt: epochMs(r.updated_at) ?? epochMs(r.created_at) ?? 0,
      }));
    },
    async consumers() {
      const rows = await all(
        `SELECT entity_id, name, \`key\`, secret, created_at, updated_at FROM ${t('oauth_consumer')}`,
      );
      return rows.map((r) => ({
        id: Number(r.entity_id),
        name: String(r.name ?? ''),
        key: String(r.key),
        secret: String(r.secret ?? ''),
        createdAt: epochMs(r.created_at) ?? 0,
        updatedAt: epochMs(r.updated_at),
      }));
    },
    async accessTokens() {
      return (await all(`SELECT * FROM ${t('oauth_token')} WHERE type = 'access' ORDER BY entity_id`)).map(toToken);
    },
    async revocations() {
      const rows = await optional(
        'jwt_auth_revoked',
        `SELECT user_type_id, user_id, revoke_before FROM ${t('jwt_auth_revoked')}`,
      );
      return rows.map((r) => ({
        userTypeId: Number(r.user_type_id),
        userId: Number(r.user_id),
        revokeBefore: Number(r.revoke_before),
      }));
    },
    async tfaConfigs() {
      const rows = await optional(
        'tfa_user_config',
        `SELECT user_id, encoded_providers, encoded_config, default_provider FROM ${t('tfa_user_config')} ORDER BY user_id`,
      );
      return rows.map((r) => ({
        userId: Number(r.user_id),
        encodedProviders: text(r.encoded_providers),
        encodedConfig: text(r.encoded_config),
        defaultProvider: text(r.default_provider),
      }));
    },
    async config() {
      const rows = await all(`SELECT scope, scope_id, path, value FROM ${t('core_config_data')}`);
      return rows.map((r) => ({
        scope: String(r.scope),
        scopeId: Number(r.scope_id),
        path: String(r.path),
        value: text(r.value),
      }));
    },
    async close() {
      await db.end();
    },
  };
}
