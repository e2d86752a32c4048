// Every special resource against every kind of caller and every kind of store, from the one table that
// authorize() and the OpenAPI document both read; then the cross-website `self` refusal end to end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { blankProfile } from '../../src/accounts/customer-profile.ts';
import { createApp } from '../../src/app.ts';
import { GUEST, type Principal } from '../../src/auth/principal.ts';
import { isAllowed } from '../../src/http/authorize.ts';
import { createKeyway, type Keyway } from '../../src/keyway.ts';
import type { StoreView } from '../../src/accounts/store-directory.ts';
import { openStores } from '../../src/storage/stores.ts';
import { SPECIAL_RESOURCES, type PerKind } from '../../src/webapi/special-resources.ts';
import { FixedClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createFastHasher } from '../helpers/hashers.ts';
import { notAuthorized } from '../helpers/magento-bodies.ts';

// Magento keeps websites, store groups and store views in three tables; Keyway reads them once at start-up,
// so the second website is written before Keyway is built.
const SECOND_WEBSITE = `
INSERT INTO store_website VALUES (2, 'second', 'Second Website', 2);
INSERT INTO store_group VALUES (2, 2, 'second_website_store', 'Second Website Store', 2, 2);
INSERT INTO store VALUES (2, 'second', 'Second Store View', 2, 2, 1);
`;

/** A database with a second website and its store view `second`, migrated and ready for `createKeyway`. */
async function databaseWithSecondWebsite(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const stores = await openStores(database.url);
  try {
    await stores.driver.exec(SECOND_WEBSITE);
  } finally {
    await stores.driver.close();
  }
  return database;
}

const customerOf = (websiteId: number, storeId: number): Principal => ({
  kind: 'customer',
  customerId: 10 + websiteId,
  websiteId,
  groupId: 1,
  storeId,
  tokenId: 100 + websiteId,
});
const adminWith = (...resources: string[]): Principal => ({
  kind: 'admin',
  adminId: 1,
  roleId: 2,
  resources: new Set(resources),
  tokenId: 200,
});

const integrationWith = (...resources: string[]): Principal => ({
  kind: 'integration',
  integrationId: 3,
  resources: new Set(resources),
  tokenId: 300,
});

const CALLERS = {
  guest: GUEST,
  'customer of website 1': customerOf(1, 1),
  'customer of website 2': customerOf(2, 2),
  'admin with a limited role': adminWith('Magento_Customer::customer'),
  'admin with Magento_Backend::all': adminWith('Magento_Backend::all'),
  'integration with a limited grant': integrationWith('Magento_Customer::customer'),
  'integration with all resources': integrationWith('Magento_Backend::all'),
} as const;
type Caller = keyof typeof CALLERS;
type Store = 'default (website 1)' | 'second (website 2)' | 'admin (all, id 0)';
const STORES: readonly Store[] = ['default (website 1)', 'second (website 2)', 'admin (all, id 0)'];

/** Who is let in where: `true` for every store, or the stores listed. Written out, not derived from the code. */
const EXPECTED: Record<string, Record<Caller, true | false | readonly Store[]>> = {
  anonymous: {
    guest: true,
    'customer of website 1': true,
    'customer of website 2': true,
    'admin with a limited role': true,
    'admin with Magento_Backend::all': true,
    'integration with a limited grant': true,
    'integration with all resources': true,
  },
  self: {
    guest: false,
    // A customer only through a store of its own website; never through the admin store.
    'customer of website 1': ['default (website 1)'],
    'customer of website 2': ['second (website 2)'],
    'admin with a limited role': false,
    // Magento's ACL lets `Magento_Backend::all` through every resource, `self` included.
    'admin with Magento_Backend::all': true,
    // Never an integration, even one with all resources: it has no customer account to act on.
    'integration with a limited grant': false,
    'integration with all resources': false,
  },
  self_admin: {
    guest: false,
    'customer of website 1': false,
    'customer of website 2': false,
    'admin with a limited role': true,
    'admin with Magento_Backend::all': true,
    'integration with a limited grant': false,
    'integration with all resources': false,
  },
  authenticated: {
    guest: false,
    'customer of website 1': true,
    'customer of website 2': true,
    'admin with a limited role': true,
    'admin with Magento_Backend::all': true,
    // Not an integration: these routes manage sign-in sessions, which an integration does not have.
    'integration with a limited grant': false,
    'integration with all resources': false,
  },
  'Magento_Customer::customer': {
    guest: false,
    'customer of website 1': false,
    'customer of website 2': false,
    'admin with a limited role': true,
    'admin with Magento_Backend::all': true,
    'integration with a limited grant': true,
    'integration with all resources': true,
  },
  'Magento_Customer::manage': {
    guest: false,
    'customer of website 1': false,
    'customer of website 2': false,
    'admin with a limited role': false,
    'admin with Magento_Backend::all': true,
    'integration with a limited grant': false,
    'integration with all resources': true,
  },
};

describe('special resources', () => {
  let database: TestDatabase;
  let keyway: Keyway;
  let app: FastifyInstance;
  const stores = {} as Record<Store, StoreView>;

  before(async () => {
    database = await databaseWithSecondWebsite();
    keyway = await createKeyway({ databaseUrl: database.url, hasher: createFastHasher(), clock: new FixedClock() });
    app = createApp(keyway);
    await app.ready();
    const view = (code: string) => keyway.stores.directory.views.find((candidate) => candidate.code === code)!;
    stores['default (website 1)'] = view('default');
    stores['second (website 2)'] = view('second');
    stores['admin (all, id 0)'] = view('admin');
  });
  after(async () => {
    await app?.close();
    await keyway?.close();
    await database?.drop();
  });

  it('the store directory holds the second website and its store view', () => {
    assert.deepEqual(
      keyway.stores.directory.websites.map((website) => website.code),
      ['admin', 'base', 'second'],
    );
    assert.equal(stores['second (website 2)'].website_id, 2);
  });

  it('the table covers exactly the special resources this test knows', () => {
    const special = Object.keys(EXPECTED).filter((resource) => !resource.includes('::'));
    assert.deepEqual(Object.keys(SPECIAL_RESOURCES).sort(), special.sort());
  });

  for (const [resource, callers] of Object.entries(EXPECTED)) {
    for (const [caller, expected] of Object.entries(callers) as [Caller, true | false | readonly Store[]][]) {
      it(`${resource}: ${caller}`, () => {
        for (const store of STORES) {
          const admitted = expected === true || (Array.isArray(expected) && expected.includes(store));
          assert.equal(isAllowed(CALLERS[caller], resource, stores[store]), admitted, `through ${store}`);
        }
      });
    }
  }

  it('a resource without a `needs` line is exactly one that admits a guest through every store', () => {
    for (const [name, entry] of Object.entries(SPECIAL_RESOURCES)) {
      const guestEverywhere = STORES.every((store) => isAllowed(GUEST, name, stores[store]));
      assert.equal(entry.needs === null, guestEverywhere, name);
    }
  });

  it('a table that leaves out a kind of caller does not compile', () => {
    // @ts-expect-error: `admin` and `integration` are missing, so every special resource must say whether it admits one.
    const incomplete: PerKind<boolean> = { guest: () => true, customer: () => true };
    assert.ok(incomplete);
  });

  describe('through HTTP', () => {
    const tokens: Record<string, string> = {};
    const call = async (url: string, token: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      return { status: response.statusCode, json: JSON.parse(response.body) as Record<string, unknown> };
    };

    before(async () => {
      for (const [website, store, email] of [
        [1, 'default', 'one@example.com'],
        [2, 'second', 'two@example.com'],
      ] as const) {
        const view = keyway.stores.directory.views.find((candidate) => candidate.code === store)!;
        const profile = blankProfile({
          websiteId: website,
          storeId: view.id,
          groupId: 1,
          createdIn: view.name,
          updatedAt: '2026-01-15 12:00:00',
        });
        await keyway.stores.customers.insert(
          { ...profile, email, firstname: 'Web', lastname: `Site ${website}` },
          await keyway.hasher.hash('password1'),
          '2026-01-15 12:00:00',
        );
        // Customers sign in within the website of the store the URL names.
        const login = await app.inject({
          method: 'POST',
          url: `/rest/${store}/V1/integration/customer/token`,
          payload: { username: email, password: 'password1' },
        });
        assert.equal(login.statusCode, 200, login.body);
        tokens[store] = JSON.parse(login.body) as string;
      }
    });

    it("a customer of website 1 reads /me through its own website's store", async () => {
      const me = await call('/rest/default/V1/customers/me', tokens.default!);
      assert.equal(me.status, 200);
      assert.equal(me.json.email, 'one@example.com');
    });

    it("is refused through a store of website 2, as Magento refuses `self` outside the customer's shared stores", async () => {
      const me = await call('/rest/second/V1/customers/me', tokens.default!);
      assert.equal(me.status, 401);
      assert.deepEqual(me.json, notAuthorized('self'));
    });

    it('and the customer of website 2 the other way round, and both through the admin store', async () => {
      assert.equal((await call('/rest/second/V1/customers/me', tokens.second!)).status, 200);
      assert.deepEqual((await call('/rest/default/V1/customers/me', tokens.second!)).json, notAuthorized('self'));
      for (const token of [tokens.default!, tokens.second!]) {
        assert.deepEqual((await call('/rest/all/V1/customers/me', token)).json, notAuthorized('self'));
      }
    });
  });
});
