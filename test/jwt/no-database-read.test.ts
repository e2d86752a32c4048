// backends: sqlite, postgres
// Once a token has been seen, an authenticated read needs no database read: the token's owner (its signature
// checked once, for a JWT), the customer record and the role's resources come from the in-process caches.
// Every statement the stores send is counted, on the very driver the stores were built over.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.ts';
import { createKeyway, type Keyway } from '../../src/keyway.ts';
import { openStores, type Stores } from '../../src/storage/stores.ts';
import { TEST_BACKEND, createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createFastHasher } from '../helpers/hashers.ts';
import { TEST_KEYS } from '../helpers/test-app.ts';

describe(`an authenticated read with warm caches reads nothing from the database (${TEST_BACKEND})`, () => {
  let database: TestDatabase;
  let stores: Stores;
  let keyway: Keyway;
  let app: ReturnType<typeof createApp>;
  const statements: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    stores = await openStores(database.url);
    // The stores call the driver through this very object, so its methods count every statement they send.
    for (const method of ['get', 'all', 'run'] as const) {
      const original = stores.driver[method].bind(stores.driver) as (...args: unknown[]) => Promise<unknown>;
      (stores.driver as unknown as Record<string, unknown>)[method] = (sql: string, params?: unknown) => {
        statements.push(sql);
        return original(sql, params);
      };
    }
    keyway = await createKeyway({ stores, hasher: createFastHasher(), keys: TEST_KEYS });
    app = createApp(keyway, { metrics: false, swaggerUi: false });
    await keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    await keyway.admins.createUser({
      username: 'viewer',
      password: 'viewer123pass',
      email: 'viewer@example.com',
      firstname: 'Vi',
      lastname: 'Ewer',
      role: 'Viewers',
    });
    await keyway.customers.createAccount(
      { email: 'reader@example.com', firstname: 'Re', lastname: 'Ader' },
      'Reader-pass-1',
      keyway.stores.directory.views[1]!,
      false,
    );
    // On PostgreSQL the caches answer once the node's LISTEN connection is up.
    if (TEST_BACKEND === 'postgres') await new Promise((resolve) => setTimeout(resolve, 500));
  });

  after(async () => {
    await keyway?.close();
    await stores?.driver.close();
    await database?.drop();
  });

  async function token(kind: 'customer' | 'admin', username: string, password: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: `/rest/V1/integration/${kind}/token`,
      payload: { username, password },
    });
    assert.equal(response.statusCode, 200, response.body);
    return JSON.parse(response.body) as string;
  }

  /** Statements sent while answering one GET, after two earlier ones have warmed the caches. */
  async function readsOfWarmCall(url: string, bearer: string): Promise<string[]> {
    for (let warm = 0; warm < 2; warm++) await app.inject({ url, headers: { authorization: `Bearer ${bearer}` } });
    statements.length = 0;
    const response = await app.inject({ url, headers: { authorization: `Bearer ${bearer}` } });
    assert.equal(response.statusCode, 200, response.body);
    return [...statements];
  }

  it('a customer JWT on customers/me', async () => {
    await keyway.settings.set('webapi/token/format', 'jwt');
    const jwt = await token('customer', 'reader@example.com', 'Reader-pass-1');
    assert.equal(jwt.split('.').length, 3, 'a JWT was issued');
    assert.deepEqual(await readsOfWarmCall('/rest/V1/customers/me', jwt), []);
  });

  it('an opaque customer token on customers/me', async () => {
    await keyway.settings.set('webapi/token/format', 'opaque');
    const opaque = await token('customer', 'reader@example.com', 'Reader-pass-1');
    assert.deepEqual(await readsOfWarmCall('/rest/V1/customers/me', opaque), []);
  });

  it("an admin token on customers/:id, the role's resources included", async () => {
    const admin = await token('admin', 'viewer', 'viewer123pass');
    assert.deepEqual(await readsOfWarmCall('/rest/V1/customers/1', admin), []);
  });

  it('a cold token is read once: the count above is not zero for lack of counting', async () => {
    const cold = await token('customer', 'reader@example.com', 'Reader-pass-1');
    statements.length = 0;
    const response = await app.inject({ url: '/rest/V1/customers/me', headers: { authorization: `Bearer ${cold}` } });
    assert.equal(response.statusCode, 200);
    assert.ok(
      statements.some((sql) => sql.includes('FROM oauth_token')),
      `the first call reads the token: ${statements}`,
    );
  });
});
