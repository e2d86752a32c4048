import type { Dialect, SqlDriver } from './sql/sql-driver.ts';

/**
 * The schema, one migration per entry. The DDL is written once; `{{id}}` is the only word that differs
 * between the two databases (an auto-increment primary key). A migration marked `only` runs on that database
 * and is recorded as applied, without running, on the other.
 */
const MIGRATIONS: readonly { version: number; sql: string; only?: Dialect }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE store_website (website_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  default_group_id INTEGER NOT NULL);
CREATE TABLE store_group (group_id INTEGER PRIMARY KEY, website_id INTEGER NOT NULL, code TEXT NOT NULL,
  name TEXT NOT NULL, root_category_id INTEGER NOT NULL, default_store_id INTEGER NOT NULL);
CREATE TABLE store (store_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  website_id INTEGER NOT NULL, group_id INTEGER NOT NULL, is_active SMALLINT NOT NULL);
INSERT INTO store_website VALUES (0, 'admin', 'Admin', 0), (1, 'base', 'Main Website', 1);
INSERT INTO store_group VALUES (0, 0, 'default', 'Default', 0, 0), (1, 1, 'main_website_store', 'Main Website Store', 2, 1);
INSERT INTO store VALUES (0, 'admin', 'Admin', 0, 0, 1), (1, 'default', 'Default Store View', 1, 1, 1);

CREATE TABLE customer_group (customer_group_id INTEGER PRIMARY KEY, code TEXT NOT NULL);
INSERT INTO customer_group VALUES (0, 'NOT LOGGED IN'), (1, 'General'), (2, 'Wholesale'), (3, 'Retailer');

CREATE TABLE customer_entity (
  entity_id {{id}},
  website_id INTEGER NOT NULL, store_id INTEGER NOT NULL, group_id INTEGER NOT NULL,
  email TEXT NOT NULL, email_key TEXT NOT NULL,
  firstname TEXT NOT NULL, lastname TEXT NOT NULL, middlename TEXT, prefix TEXT, suffix TEXT,
  dob TEXT, gender INTEGER, taxvat TEXT, created_in TEXT, default_billing TEXT, default_shipping TEXT,
  disable_auto_group_change SMALLINT NOT NULL DEFAULT 0, is_subscribed SMALLINT NOT NULL DEFAULT 0,
  addresses TEXT NOT NULL DEFAULT '[]', custom_attributes TEXT NOT NULL DEFAULT '[]',
  password_hash TEXT, is_active SMALLINT NOT NULL DEFAULT 1,
  failures_num INTEGER NOT NULL DEFAULT 0, first_failure BIGINT, lock_expires BIGINT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (website_id, email_key));

CREATE TABLE admin_role (role_id {{id}}, role_name TEXT NOT NULL UNIQUE);
CREATE TABLE admin_role_rule (role_id BIGINT NOT NULL REFERENCES admin_role (role_id) ON DELETE CASCADE,
  resource_id TEXT NOT NULL, PRIMARY KEY (role_id, resource_id));
INSERT INTO admin_role (role_name) VALUES ('Administrators');
INSERT INTO admin_role_rule (role_id, resource_id)
  SELECT role_id, 'Magento_Backend::all' FROM admin_role WHERE role_name = 'Administrators';

CREATE TABLE admin_user (
  user_id {{id}}, username TEXT NOT NULL, username_key TEXT NOT NULL UNIQUE, email TEXT NOT NULL,
  firstname TEXT NOT NULL, lastname TEXT NOT NULL, password_hash TEXT NOT NULL,
  is_active SMALLINT NOT NULL DEFAULT 1, role_id BIGINT NOT NULL REFERENCES admin_role (role_id),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);

CREATE TABLE oauth_token (
  token_id {{id}}, digest TEXT NOT NULL UNIQUE, user_type SMALLINT NOT NULL, user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL, last_used_at BIGINT, ip TEXT, user_agent TEXT);
CREATE INDEX oauth_token_user ON oauth_token (user_type, user_id);

CREATE TABLE oauth_token_request_log (user_name TEXT NOT NULL, user_type SMALLINT NOT NULL,
  failures_count INTEGER NOT NULL, lock_expires_at BIGINT NOT NULL, PRIMARY KEY (user_name, user_type));

CREATE TABLE core_config_data (path TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
  },
  {
    // Failed token requests per client address within a window, shared by every node.
    version: 2,
    sql: `
CREATE TABLE oauth_token_address_log (address TEXT PRIMARY KEY, failures_count INTEGER NOT NULL,
  window_ends_at BIGINT NOT NULL);
CREATE INDEX oauth_token_address_log_window ON oauth_token_address_log (window_ends_at);
`,
  },
  {
    // Attempts whose password check is still running, so that only failures lock an account while the
    // number of checks in flight stays within the limit.
    version: 3,
    sql: `
ALTER TABLE oauth_token_request_log ADD COLUMN pending_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE oauth_token_request_log ADD COLUMN pending_expires_at BIGINT NOT NULL DEFAULT 0;
`,
  },
  {
    // The check value of the key that encrypts stored secrets: a node started with another key refuses to start.
    version: 4,
    sql: `
CREATE TABLE keyway_key_check (id SMALLINT PRIMARY KEY, check_value TEXT NOT NULL);
`,
  },
  {
    // Integrations (Magento_Integration). The consumer key is an identifier and kept in clear; every secret and
    // verifier is encrypted with Keyway's key; tokens are kept as SHA-256 digests only. Times are milliseconds.
    //
    // The integration's token row lives in the existing `oauth_token` (user_type 1, user_id = integration id),
    // mutated in place from verifier to request to access token as in Magento. So the access token is found by
    // the same digest lookup as admin and customer tokens, and the Bearer path, the token caches and the
    // cross-node revocation broadcast (`TokenService.revokeAllFor` / `forget`) work for it unchanged. The
    // columns it adds stay at their defaults on admin and customer tokens. One row per consumer, as in Magento.
    //
    // The granted resource ids are a JSON array on the integration row, so the one token query reads them too.
    version: 5,
    sql: `
CREATE TABLE oauth_consumer (
  entity_id {{id}}, name TEXT NOT NULL, consumer_key TEXT NOT NULL UNIQUE, secret TEXT NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT);

CREATE TABLE integration (
  integration_id {{id}}, name TEXT NOT NULL UNIQUE, email TEXT NOT NULL DEFAULT '', endpoint TEXT,
  identity_link_url TEXT, status SMALLINT NOT NULL DEFAULT 0, setup_type SMALLINT NOT NULL DEFAULT 0,
  all_resources SMALLINT NOT NULL DEFAULT 0, resource_ids TEXT NOT NULL DEFAULT '[]',
  consumer_id BIGINT NOT NULL UNIQUE REFERENCES oauth_consumer (entity_id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);

ALTER TABLE oauth_token ADD COLUMN consumer_id BIGINT REFERENCES oauth_consumer (entity_id) ON DELETE CASCADE;
ALTER TABLE oauth_token ADD COLUMN token_type TEXT NOT NULL DEFAULT 'access';
ALTER TABLE oauth_token ADD COLUMN secret TEXT;
ALTER TABLE oauth_token ADD COLUMN verifier TEXT;
ALTER TABLE oauth_token ADD COLUMN revoked SMALLINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX oauth_token_consumer ON oauth_token (consumer_id);

CREATE TABLE oauth_nonce (
  consumer_id BIGINT NOT NULL REFERENCES oauth_consumer (entity_id) ON DELETE CASCADE,
  nonce TEXT NOT NULL, timestamp BIGINT NOT NULL, PRIMARY KEY (consumer_id, nonce));
CREATE INDEX oauth_nonce_timestamp ON oauth_nonce (timestamp);
`,
  },
  {
    // Two-factor authentication (Magento's tfa_user_config, split by provider): the TOTP secret encrypted with
    // Keyway's key, whether it is active, and the last time step accepted, so a code cannot be replayed.
    version: 6,
    sql: `
CREATE TABLE tfa_provider_config (
  user_id BIGINT NOT NULL REFERENCES admin_user (user_id) ON DELETE CASCADE, provider TEXT NOT NULL,
  secret TEXT NOT NULL, active SMALLINT NOT NULL DEFAULT 0, last_time_step BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, provider));
CREATE TABLE tfa_user_config (
  user_id BIGINT PRIMARY KEY REFERENCES admin_user (user_id) ON DELETE CASCADE,
  providers TEXT NOT NULL DEFAULT '[]', default_provider TEXT NOT NULL DEFAULT '');
`,
  },
  {
    // JWT user tokens. jwt_auth_revoked is Magento's table as is (one revoke_before per user, in seconds), so a
    // shop's rows can be copied over; expires_at marks the session records of JWTs, which end with their exp
    // claim rather than with the opaque-token lifetime setting (NULL for opaque tokens).
    version: 7,
    sql: `
CREATE TABLE jwt_auth_revoked (user_type_id INTEGER NOT NULL, user_id BIGINT NOT NULL,
  revoke_before BIGINT NOT NULL, PRIMARY KEY (user_type_id, user_id));
ALTER TABLE oauth_token ADD COLUMN expires_at BIGINT;
CREATE INDEX oauth_token_expires ON oauth_token (expires_at);
`,
  },
  {
    // Every sign-in from an address updates its row twice (a slot taken, a slot handed back), so sign-ins from
    // one address (an office behind NAT, a proxy without trust_proxy) queue on that row. Logged, each update
    // held the row through a WAL flush; unlogged, a commit that touched only this table does not wait for one.
    // The price: PostgreSQL empties an unlogged table after a crash and does not replicate it, so an address's
    // window of failures (ten minutes by default) starts again after a crash or a failover.
    version: 8,
    only: 'postgres',
    sql: 'ALTER TABLE oauth_token_address_log SET UNLOGGED',
  },
];

const ID: Record<Dialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
};

/** Brings the schema up to date; safe to run on every start and from several nodes at once. */
export async function migrate(driver: SqlDriver): Promise<number[]> {
  await driver.exec(
    'CREATE TABLE IF NOT EXISTS keyway_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
  );
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    const done = await driver.transaction(async (tx) => {
      // On PostgreSQL the advisory lock makes concurrent starts take turns; SQLite's transaction already does.
      if (driver.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(7373)');
      const row = await tx.get('SELECT version FROM keyway_migrations WHERE version = ?', [migration.version]);
      if (row) return false;
      const statements = migration.only && migration.only !== driver.dialect ? [] : splitStatements(migration.sql);
      for (const statement of statements) {
        await tx.run(statement.replaceAll('{{id}}', ID[driver.dialect]));
      }
      await tx.run('INSERT INTO keyway_migrations (version, applied_at) VALUES (?, ?)', [
        migration.version,
        Date.now(),
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
