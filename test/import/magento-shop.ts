// A small Magento shop, written into a Magento-shaped database the way Magento 2.4 writes it: two admins in two
// group roles, an integration whose user id equals an admin's, customers active, disabled and locked, live,
// revoked and expired opaque tokens, a JWT revocation, an encrypted Google Authenticator secret and settings.
import type { MagentoDatabase } from './magento-database.ts';
import { magentoEncrypt, mysqlTime } from './magento-database.ts';

// Real Magento hashes (magento-jwt-and-import.md §B.3): argon2id 3_32_2_67108864.
export const HASH_PASSWORD_2022 =
  'abf1de8d537a1270237b9b56c8db9c67aeece6d89639a64d5ffd7264262541ab:PNK7gwTSnTc9L8AXZEvgZQ4SA66qirus:3_32_2_67108864';
export const HASH_PASSWORD_AT =
  'ab5ebf8d273b085b6a60336198e0a5a2090fdc3e0606a678315c7274ab06e046:5PiKJRn28bBKoFMopMaaKuV47aJ6GzVg:3_32_2_67108864';
/** A version-1 (SHA-256) hash of `password123`. */
export const HASH_SHA256 =
  '7162650941c0ba65f8894ebeb06ea7e7066fe5d165c15818f4b410f32ae566b0:mgLqkqgTwLPLlCljzvF8hp67fNOOvOZb:1';

/** The shop's crypt/key (env.php), not Keyway's. */
export const SHOP_CRYPT_KEY = 'fedcba9876543210fedcba9876543210';

/** Every secret the shop holds: none of them may appear in the importer's output. */
export const SHOP = {
  consumerKey: 'ck0000000000000000000000000000k1',
  consumerSecret: 'cs0000000000000000000000000000s1',
  integrationToken: 'it0000000000000000000000000000t1',
  integrationTokenSecret: 'its000000000000000000000000000s1',
  aliceToken: 'al0000000000000000000000000000t1',
  aliceRevokedToken: 'al0000000000000000000000000000t2',
  aliceExpiredToken: 'al0000000000000000000000000000t3',
  bobToken: 'bo0000000000000000000000000000t1',
  adminToken: 'ad0000000000000000000000000000t1',
  googleSecret: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOP',
};

const HOUR = 3_600_000;

/** Fills the database as of `now` (ms). */
export async function seedShop(db: MagentoDatabase, now: number): Promise<void> {
  const at = (offset: number) => mysqlTime(now + offset);
  await db.insert(
    'store_website',
    { website_id: 0, code: 'admin', name: 'Admin', default_group_id: 0, is_default: 0 },
    { website_id: 1, code: 'base', name: 'Main Website', default_group_id: 1, is_default: 1 },
  );
  await db.insert(
    'store_group',
    { group_id: 0, website_id: 0, name: 'Default', root_category_id: 0, default_store_id: 0, code: 'default' },
    {
      group_id: 1,
      website_id: 1,
      name: 'Main Website Store',
      root_category_id: 2,
      default_store_id: 1,
      code: 'main_website_store',
    },
  );
  await db.insert(
    'store',
    { store_id: 0, code: 'admin', website_id: 0, group_id: 0, name: 'Admin', is_active: 1 },
    { store_id: 1, code: 'default', website_id: 1, group_id: 1, name: 'Default Store View', is_active: 1 },
  );

  await db.insert(
    'customer_group',
    ...['NOT LOGGED IN', 'General', 'Wholesale', 'Retailer', 'VIP'].map((code, id) => ({
      customer_group_id: id,
      customer_group_code: code,
      tax_class_id: 3,
    })),
  );
  const customer = (id: number, email: string, extra: Record<string, unknown>) => ({
    entity_id: id,
    website_id: 1,
    email,
    group_id: 1,
    store_id: 1,
    created_at: at(-48 * HOUR),
    updated_at: at(-24 * HOUR),
    is_active: 1,
    created_in: 'Default Store View',
    firstname: email.split('@')[0],
    lastname: 'Shopper',
    ...extra,
  });
  await db.insert(
    'customer_entity',
    customer(1, 'alice@example.com', { password_hash: HASH_PASSWORD_2022, default_billing: 11, group_id: 4 }),
    customer(2, 'bob@example.com', { password_hash: HASH_PASSWORD_AT, is_active: 0 }),
    customer(3, 'carol@example.com', { password_hash: HASH_SHA256, failures_num: 10, lock_expires: at(HOUR) }),
    customer(4, 'dave@example.com', { password_hash: 'not-a-magento-hash' }),
  );
  await db.insert('customer_address_entity', {
    entity_id: 11,
    parent_id: 1,
    city: 'Austin',
    country_id: 'US',
    firstname: 'alice',
    lastname: 'Shopper',
    street: '1 Main St\nSuite 2',
    telephone: '555-0100',
    postcode: '78701',
    region: 'Texas',
    region_id: 57,
  });

  const admin = (id: number, username: string, hash: string, extra: Record<string, unknown> = {}) => ({
    user_id: id,
    firstname: username,
    lastname: 'Admin',
    email: `${username}@example.com`,
    username,
    password: hash,
    created: at(-100 * HOUR),
    modified: at(-100 * HOUR),
    is_active: 1,
    ...extra,
  });
  await db.insert(
    'admin_user',
    admin(1, 'owner', HASH_PASSWORD_2022),
    admin(2, 'clerk', HASH_PASSWORD_AT),
    admin(3, 'locked', HASH_PASSWORD_2022, { failures_num: 6, lock_expires: at(30 * 60_000) }),
  );
  const role = (id: number, roleType: string, parentId: number, userId: number, userType: string, name: string) => ({
    role_id: id,
    parent_id: parentId,
    tree_level: parentId === 0 ? 1 : 2,
    role_type: roleType,
    user_id: userId,
    user_type: userType,
    role_name: name,
  });
  await db.insert(
    'authorization_role',
    role(1, 'G', 0, 0, '2', 'Administrators'),
    role(2, 'U', 1, 1, '2', 'owner'),
    role(3, 'G', 0, 0, '2', 'Customer desk'),
    role(4, 'U', 3, 2, '2', 'clerk'),
    role(5, 'U', 1, 3, '2', 'locked'),
    // Integration 2's role: user id 2, the clerk's id too, with everything allowed.
    role(6, 'U', 0, 2, '1', '12'),
  );
  const rule = (roleId: number, resourceId: string, permission: string) => ({
    role_id: roleId,
    resource_id: resourceId,
    privileges: null,
    permission,
  });
  await db.insert(
    'authorization_rule',
    rule(1, 'Magento_Backend::all', 'allow'),
    rule(3, 'Magento_Backend::admin', 'allow'),
    rule(3, 'Magento_Customer::customer', 'allow'),
    rule(3, 'Magento_Customer::manage', 'allow'),
    rule(3, 'Magento_Integration::integrations', 'deny'),
    rule(3, 'Magento_Backend::all', 'deny'),
    rule(6, 'Magento_Backend::all', 'allow'),
  );

  await db.insert('oauth_consumer', {
    entity_id: 5,
    name: 'Integration2',
    key: SHOP.consumerKey,
    secret: SHOP.consumerSecret,
    callback_url: null,
    rejected_callback_url: '',
    created_at: at(-200 * HOUR),
  });
  await db.insert('integration', {
    integration_id: 2,
    name: 'ERP sync',
    email: 'erp@example.com',
    status: 1,
    consumer_id: 5,
    setup_type: 0,
    created_at: at(-200 * HOUR),
    updated_at: at(-200 * HOUR),
  });
  const token = (id: number, value: string, extra: Record<string, unknown>) => ({
    entity_id: id,
    type: 'access',
    token: value,
    secret: `sec${String(id).padStart(29, '0')}`,
    callback_url: 'oob',
    revoked: 0,
    authorized: 0,
    ...extra,
  });
  await db.insert(
    'oauth_token',
    token(1, SHOP.integrationToken, {
      consumer_id: 5,
      user_type: 1,
      secret: SHOP.integrationTokenSecret,
      created_at: at(-150 * HOUR),
    }),
    token(2, SHOP.aliceToken, { customer_id: 1, user_type: 3, created_at: at(-10 * 60_000) }),
    token(3, SHOP.aliceRevokedToken, { customer_id: 1, user_type: 3, revoked: 1, created_at: at(-10 * 60_000) }),
    // Two hours old: past Magento's default customer lifetime of one hour.
    token(4, SHOP.aliceExpiredToken, { customer_id: 1, user_type: 3, created_at: at(-2 * HOUR) }),
    token(5, SHOP.adminToken, { admin_id: 1, user_type: 2, created_at: at(-5 * 60_000) }),
    token(6, SHOP.bobToken, { customer_id: 2, user_type: 3, created_at: at(-5 * 60_000) }),
  );
  await db.insert('jwt_auth_revoked', { user_type_id: 3, user_id: 2, revoke_before: Math.floor(now / 1000) - 60 });
  const config = JSON.stringify({
    google: { secret: magentoEncrypt(SHOP.googleSecret, SHOP_CRYPT_KEY), active: true },
  });
  await db.insert('tfa_user_config', {
    user_id: 1,
    encoded_providers: '["google"]',
    encoded_config: magentoEncrypt(config, SHOP_CRYPT_KEY),
    default_provider: 'google',
  });
  await db.insert(
    'core_config_data',
    { scope: 'default', scope_id: 0, path: 'oauth/consumer/enable_integration_as_bearer', value: '1' },
    { scope: 'default', scope_id: 0, path: 'oauth/access_token_lifetime/admin', value: '2' },
    { scope: 'websites', scope_id: 1, path: 'customer/password/lockout_failures', value: '3' },
    { scope: 'default', scope_id: 0, path: 'web/secure/base_url', value: 'https://shop.example/' },
  );
}
