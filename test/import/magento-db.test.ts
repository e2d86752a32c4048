// backends: sqlite, postgres
// `keyway import:magento` as a real process against a Magento-shaped MariaDB database, then Keyway on the
// imported data through the app: people sign in or stay out as they did in Magento, roles allow and deny as
// their rules say, live tokens keep working and dead ones stay dead, and nothing secret is printed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MINUTE, FixedClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { SIGN_IN_INCORRECT, notAuthorized } from '../helpers/magento-bodies.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { ORIGIN, signed } from '../integrations/harness.ts';
import { runCli, type ProcessResult } from '../network/server-process.ts';
import { createMagentoDatabase, type MagentoDatabase, mariadbSkipReason } from './magento-database.ts';
import { HASH_PASSWORD_2022, HASH_PASSWORD_AT, HASH_SHA256, SHOP, SHOP_CRYPT_KEY, seedShop } from './magento-shop.ts';

// Keyway's key in the child: the test key every createTestServer uses, so secrets it writes can be read back.
const KEYWAY_ENV = { CRYPT_KEY: '0123456789abcdef0123456789abcdef' };
const NOW = new FixedClock().now();
const skip = await mariadbSkipReason();

function importMagento(databaseUrl: string, from: string, ...extra: string[]): Promise<ProcessResult> {
  return runCli(databaseUrl, ['import:magento', '--from', from, ...extra], KEYWAY_ENV);
}

/** One summary line: imported, updated, unchanged, skipped. */
function counts(stdout: string, kind: string): number[] {
  const line = stdout.split('\n').find((text) => text.startsWith(`${kind} `));
  assert.ok(line, `no ${kind} line in:\n${stdout}`);
  return line.trim().split(/\s+/).slice(1).map(Number);
}

describe('import:magento from a Magento database', { skip }, () => {
  let shop: MagentoDatabase;
  let target: TestDatabase;
  let result: ProcessResult;
  let server: TestServer;

  before(async () => {
    shop = await createMagentoDatabase();
    await seedShop(shop, NOW);
    target = await createTestDatabase();
    result = await importMagento(target.url, shop.url, '--magento-crypt-key', SHOP_CRYPT_KEY);
    server = await createTestServer({ shared: target });
  });
  after(async () => {
    await server?.close();
    await target?.drop();
    await shop?.drop();
  });

  it('reports what it carried, and names the rows it left out', () => {
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(counts(result.stdout, 'customers'), [3, 0, 0, 1]);
    assert.deepEqual(counts(result.stdout, 'admins'), [3, 0, 0, 0]);
    assert.deepEqual(counts(result.stdout, 'integrations'), [1, 0, 0, 0]);
    // alice's live and expired tokens and the owner's; the revoked one and bob's (revoked by jwt_auth_revoked) not.
    assert.deepEqual(counts(result.stdout, 'tokens'), [3, 0, 0, 2]);
    assert.match(
      result.stderr,
      /customer_entity 4 \(dave@example\.com\) not imported: its password hash is in a format Keyway cannot read/,
    );
    assert.match(result.stderr, /core_config_data row\(s\) at website or store scope not carried/);
  });

  it('prints no hash, secret, token or key', () => {
    const output = result.stdout + result.stderr;
    for (const secret of [...Object.values(SHOP), HASH_PASSWORD_2022, HASH_PASSWORD_AT, HASH_SHA256, SHOP_CRYPT_KEY]) {
      assert.ok(!output.includes(secret), 'a secret was printed');
    }
    assert.ok(!output.includes(KEYWAY_ENV.CRYPT_KEY));
  });

  it('changes nothing when run again', async () => {
    const again = await importMagento(target.url, shop.url, '--magento-crypt-key', SHOP_CRYPT_KEY);
    assert.equal(again.code, 0, again.stderr);
    for (const kind of [
      'stores',
      'customer-groups',
      'customers',
      'addresses',
      'admins',
      'roles',
      'integrations',
      'tokens',
      'two-factor',
      'settings',
    ]) {
      const [imported, updated] = counts(again.stdout, kind);
      assert.deepEqual([imported, updated], [0, 0], `${kind}: ${again.stdout}`);
    }
  });

  it('lets admins sign in with their Magento passwords, their roles allowing and denying as the rules say', async () => {
    const owner = await server.adminToken('owner', 'Password@2022');
    assert.equal((await server.call('GET', '/rest/V1/integrations', { token: owner })).status, 200);
    const clerk = await server.adminToken('clerk', 'Password@');
    const allowed = await server.call('GET', '/rest/V1/customers/1', { token: clerk });
    assert.equal(allowed.status, 200, allowed.text);
    assert.equal((allowed.json as { email: string }).email, 'alice@example.com');
    const denied = await server.call('GET', '/rest/V1/integrations', { token: clerk });
    assert.equal(denied.status, 401);
    assert.deepEqual(denied.json, notAuthorized('Magento_Integration::integrations'));
  });

  it("keeps the integration's role off the admin with the same id", async () => {
    const clerk = await server.keyway.stores.admins.findById(2);
    const resources = await server.keyway.stores.admins.roleResources(clerk!.role_id);
    assert.ok(!resources.includes('Magento_Backend::all'), resources.join(', '));
  });

  it("keeps the integration's consumer key and secret, and its access token works as a Bearer token", async () => {
    const integration = await server.keyway.integrationStore.findById(2);
    assert.equal(integration?.consumerKey, SHOP.consumerKey);
    assert.equal((await server.keyway.integrationStore.consumerOf(2)).secret, SHOP.consumerSecret);
    const response = await server.call('GET', '/rest/V1/integrations', { token: SHOP.integrationToken });
    assert.equal(response.status, 200, response.text);
  });

  it('answers a call the integration signs with the four credentials it had in Magento', async () => {
    const call = await signed(server, {
      url: `${ORIGIN}/rest/V1/customers/1`,
      consumer: { key: SHOP.consumerKey, secret: SHOP.consumerSecret },
      token: { key: SHOP.integrationToken, secret: SHOP.integrationTokenSecret },
    });
    assert.equal(call.status, 200, call.text);
    const wrongSecret = await signed(server, {
      url: `${ORIGIN}/rest/V1/customers/1`,
      consumer: { key: SHOP.consumerKey, secret: SHOP.consumerSecret },
      token: { key: SHOP.integrationToken, secret: 'x'.repeat(32) },
    });
    assert.equal(wrongSecret.status, 401);
  });

  it("accepts a live opaque admin token with its admin's role", async () => {
    const response = await server.call('GET', '/rest/V1/integrations', { token: SHOP.adminToken });
    assert.equal(response.status, 200, response.text);
  });

  it('accepts a live opaque customer token and refuses revoked and expired ones', async () => {
    const me = await server.call('GET', '/rest/V1/customers/me', { token: SHOP.aliceToken });
    assert.equal(me.status, 200, me.text);
    assert.equal((me.json as { email: string }).email, 'alice@example.com');
    assert.equal((me.json as { group_id: number }).group_id, 4, "the shop's own customer group");
    assert.equal(await server.keyway.stores.customers.groupExists(4), true);
    for (const token of [SHOP.aliceRevokedToken, SHOP.aliceExpiredToken, SHOP.bobToken]) {
      const refused = await server.call('GET', '/rest/V1/customers/me', { token });
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.json, notAuthorized('self'));
    }
  });

  it("keeps a disabled customer out, and carries the customer's address", async () => {
    const bob = await server.login('customer', 'bob@example.com', 'Password@');
    assert.equal(bob.status, 401);
    assert.deepEqual(JSON.parse(bob.body), SIGN_IN_INCORRECT);
    const alice = await server.keyway.stores.customers.findById(1);
    const [address] = JSON.parse(alice!.addresses) as { street: string[]; city: string }[];
    assert.deepEqual(address?.street, ['1 Main St', 'Suite 2']);
    assert.equal(alice?.default_billing, '11');
  });

  it("carries settings with Magento's effective values", () => {
    const settings = server.keyway.settings;
    assert.equal(settings.get('oauth/access_token_lifetime/customer'), '1', "Magento's default, with no row");
    assert.equal(settings.get('oauth/access_token_lifetime/admin'), '2', 'the row');
    assert.equal(settings.get('customer/password/lockout_failures'), '10', 'a website-scope row is not global');
    assert.equal(settings.get('oauth/consumer/enable_integration_as_bearer'), '1');
    assert.equal(settings.get('web/secure/base_url'), 'https://shop.example/');
  });

  it("carries the Google Authenticator secret under Keyway's key", async () => {
    const row = await server.keyway.stores.tfa.find(1, 'google');
    assert.equal(row?.active, true);
    assert.ok(row?.secret.startsWith('kw1:'));
    assert.equal(server.keyway.secrets.decrypt(row!.secret), SHOP.googleSecret);
  });

  // Last: these move the shared clock.
  it('keeps a locked admin and a locked customer out until their lock ends', async () => {
    assert.equal((await server.login('admin', 'locked', 'Password@2022')).status, 401);
    assert.equal((await server.login('customer', 'carol@example.com', 'password123')).status, 401);
    server.clock.advance(31 * MINUTE);
    assert.equal((await server.login('admin', 'locked', 'Password@2022')).status, 200);
    server.clock.advance(30 * MINUTE);
    assert.equal((await server.login('customer', 'carol@example.com', 'password123')).status, 200);
  });
});

describe('import:magento refusals and dry runs', { skip }, () => {
  let shop: MagentoDatabase;

  before(async () => {
    shop = await createMagentoDatabase('mg_');
    await seedShop(shop, NOW);
  });
  after(async () => {
    await shop?.drop();
  });

  it('refuses before writing anything when Keyway holds another person under an imported id', async () => {
    const server = await createTestServer();
    try {
      const id = await server.seedCustomer();
      assert.equal(id, 1);
      const refused = await importMagento(server.database.url, shop.url, '--table-prefix', 'mg_');
      assert.notEqual(refused.code, 0);
      assert.match(
        refused.stderr,
        /keyway: import refused, nothing was written: customer_entity 1 \(alice@example\.com\): Keyway holds customer customer@example\.com/,
      );
      for (const secret of [...Object.values(SHOP), HASH_PASSWORD_2022, HASH_PASSWORD_AT, HASH_SHA256]) {
        assert.ok(!(refused.stdout + refused.stderr).includes(secret), 'a refusal prints no secret');
      }
      const driver = server.keyway.stores.driver;
      assert.equal((await driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM admin_user'))!.n, 0);
      assert.equal((await driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM customer_entity'))!.n, 1);
      assert.equal((await driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM core_config_data'))!.n, 0);
      assert.equal((await driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM oauth_token'))!.n, 0);
    } finally {
      await server.close();
    }
  });

  it('updates, rather than refuses, the same person under the same id', async () => {
    const server = await createTestServer();
    try {
      assert.equal(await server.seedCustomer({ email: 'Alice@Example.com' }), 1);
      const imported = await importMagento(server.database.url, shop.url, '--table-prefix', 'mg_');
      assert.equal(imported.code, 0, imported.stderr);
      assert.deepEqual(counts(imported.stdout, 'customers'), [2, 1, 0, 1]);
    } finally {
      await server.close();
    }
  });

  it('writes nothing in a dry run, reads as a read-only user, and says why two-factor secrets need the shop key', async () => {
    const target = await createTestDatabase();
    try {
      // As a read-only user whose password comes from the environment rather than the command line.
      const from = await shop.reader('r3ader-Pass');
      const dry = await runCli(target.url, ['import:magento', '--from', from, '--table-prefix', 'mg_', '--dry-run'], {
        ...KEYWAY_ENV,
        MAGENTO_DB_PASSWORD: 'r3ader-Pass',
      });
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /^Dry run: nothing was written/);
      assert.deepEqual(counts(dry.stdout, 'customers'), [3, 0, 0, 1]);
      assert.match(dry.stderr, /two-factor secrets of 1 admin\(s\) not imported: .*give --magento-crypt-key/);
      const server = await createTestServer({ shared: target });
      try {
        const driver = server.keyway.stores.driver;
        for (const table of ['admin_user', 'customer_entity', 'core_config_data', 'oauth_token', 'integration']) {
          assert.equal((await driver.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n, 0, table);
        }
      } finally {
        await server.close();
      }
    } finally {
      await target.drop();
    }
  });
});
