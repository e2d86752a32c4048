// createKeyway over stores the caller opened: Keyway serves through them and leaves closing them to the caller;
// over a database URL it opened itself, its close() closes that database too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { blankProfile } from '../../src/accounts/customer-profile.ts';
import { createApp } from '../../src/app.ts';
import { UserType } from '../../src/auth/principal.ts';
import { formatTimestamp } from '../../src/clock.ts';
import { createKeyway } from '../../src/keyway.ts';
import { openStores, type Stores } from '../../src/storage/stores.ts';
import { FixedClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { CUSTOMER } from '../helpers/fixtures.ts';
import { createFastHasher } from '../helpers/hashers.ts';

const hasher = createFastHasher();

async function seedCustomer(stores: Stores, clock: FixedClock): Promise<number> {
  const now = formatTimestamp(clock.now());
  const profile = blankProfile({
    websiteId: 1,
    storeId: 1,
    groupId: 1,
    createdIn: 'Default Store View',
    updatedAt: now,
  });
  return stores.customers.insert(
    { ...profile, email: CUSTOMER.email, firstname: CUSTOMER.firstname, lastname: CUSTOMER.lastname },
    await hasher.hash(CUSTOMER.password),
    now,
  );
}

describe('createKeyway with stores opened beforehand', () => {
  let database: TestDatabase;
  let stores: Stores;
  const clock = new FixedClock();

  before(async () => {
    database = await createTestDatabase();
    stores = await openStores(database.url);
  });

  after(async () => {
    await stores.driver.close().catch(() => {});
    await database.drop();
  });

  it('signs a customer in through the stores it was given and leaves them open when it closes', async () => {
    const customerId = await seedCustomer(stores, clock);
    const keyway = await createKeyway({ stores, hasher, clock });
    // Every store is the one given; customers are read through the in-process cache in front of it.
    for (const name of Object.keys(stores) as (keyof Stores)[]) {
      if (name !== 'customers')
        assert.equal(keyway.stores[name], stores[name], `Keyway serves through the given ${name}`);
    }
    assert.equal(keyway.stores.driver, stores.driver);
    const app = createApp(keyway, { metrics: false, swaggerUi: false });
    let token: string;
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/rest/V1/integration/customer/token',
        payload: { username: CUSTOMER.email, password: CUSTOMER.password },
      });
      assert.equal(login.statusCode, 200, login.body);
      token = JSON.parse(login.body) as string;
      const me = await app.inject({
        method: 'GET',
        url: '/rest/V1/customers/me',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal((JSON.parse(me.body) as { id: number; email: string }).id, customerId);
    } finally {
      await app.close();
      await keyway.close();
    }

    assert.equal(await stores.driver.ping(), true, "closing Keyway left the caller's database open");
    const sessions = await stores.tokens.listFor(UserType.CUSTOMER, customerId);
    assert.equal(sessions.length, 1, "the token issued through Keyway is in the caller's stores");

    // A second Keyway over the same stores still recognises the token: nothing was torn down.
    const again = await createKeyway({ stores, hasher, clock });
    try {
      assert.equal((await again.tokens.authenticate(token)).kind, 'customer');
    } finally {
      await again.close();
    }

    await stores.driver.close();
    assert.equal(await stores.driver.ping(), false, 'the caller closed what it opened');
  });
});

describe('createKeyway with a database URL', () => {
  it('closes the database it opened', async () => {
    const database = await createTestDatabase();
    try {
      const keyway = await createKeyway({ databaseUrl: database.url, hasher });
      assert.equal(await keyway.stores.driver.ping(), true);
      await keyway.close();
      assert.equal(await keyway.stores.driver.ping(), false);
    } finally {
      await database.drop();
    }
  });

  it('refuses both a database URL and stores, and neither', async () => {
    const database = await createTestDatabase();
    const stores = await openStores(database.url);
    try {
      await assert.rejects(createKeyway({ databaseUrl: database.url, stores, hasher }), /not both/);
      await assert.rejects(createKeyway({ hasher } as Parameters<typeof createKeyway>[0]), /databaseUrl or stores/);
      assert.equal(await stores.driver.ping(), true, "a refused call leaves the caller's stores alone");
    } finally {
      await stores.driver.close();
      await database.drop();
    }
  });
});
