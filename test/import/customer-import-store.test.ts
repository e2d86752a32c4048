// backends: sqlite, postgres
// The customer import store, as both importers (CSV and Magento's database) use it: keyed by website and
// e-mail, explicit ids kept, identical rows left alone, a dry run rolled back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImportedCustomer } from '../../src/import/customer-import-store.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

const NOW = { now: '2026-01-01 00:00:00' };

function customer(email: string, fields: Partial<ImportedCustomer> = {}): ImportedCustomer {
  return {
    website_id: 1,
    store_id: 1,
    group_id: 1,
    email,
    firstname: 'Imported',
    lastname: 'Customer',
    middlename: null,
    prefix: null,
    suffix: null,
    dob: null,
    gender: null,
    taxvat: null,
    created_in: null,
    disable_auto_group_change: 0,
    created_at: '2020-01-01 00:00:00',
    updated_at: '2020-01-02 00:00:00',
    password_hash: null,
    ...fields,
  };
}

describe('customer import store', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());
  const store = () => s.keyway.stores.customerImport;

  it('keeps an explicit id, and later sign-ups get ids past it', async () => {
    const outcomes = await store().upsertCustomers(
      [customer('kept.id@example.com', { id: 500, is_active: 0, failures_num: 2, lock_expires: 1_700_000_000_000 })],
      NOW,
    );
    assert.deepEqual(outcomes, ['imported']);
    const row = (await s.keyway.stores.customers.findById(500))!;
    assert.deepEqual(
      [row.email, row.is_active, row.failures_num, row.lock_expires],
      ['kept.id@example.com', 0, 2, 1_700_000_000_000],
    );
    const next = await s.seedCustomer({ email: 'after.import@example.com' });
    assert.ok(next > 500, `a new customer after an explicit id gets a higher one: ${next}`);
  });

  it('answers unchanged for an identical row, updated (only what differs) otherwise', async () => {
    const first = customer('Again@Example.com', { taxvat: 'X1' });
    assert.deepEqual(await store().upsertCustomers([first], NOW), ['imported']);
    assert.deepEqual(await store().upsertCustomers([first], NOW), ['unchanged']);
    assert.deepEqual(await store().upsertCustomers([{ ...first, email: 'again@example.com', taxvat: 'X2' }], NOW), [
      'updated',
    ]);
    const row = (await s.keyway.stores.customers.findByEmail(1, 'again@example.com'))!;
    assert.deepEqual([row.email, row.taxvat, row.created_at], ['again@example.com', 'X2', '2020-01-01 00:00:00']);
  });

  it('a key twice in one batch is imported once and then updated', async () => {
    const outcomes = await store().upsertCustomers(
      [customer('twice@example.com'), customer('twice@example.com', { lastname: 'Later' })],
      NOW,
    );
    assert.deepEqual(outcomes, ['imported', 'updated']);
    assert.equal((await s.keyway.stores.customers.findByEmail(1, 'twice@example.com'))!.lastname, 'Later');
  });

  it("answers Keyway's customer groups", async () => {
    assert.deepEqual((await store().groupIds()).sort(), [0, 1, 2, 3]);
  });

  it('a dry run answers the outcomes and writes nothing', async () => {
    const outcomes = await store().upsertCustomers([customer('dry@example.com')], { ...NOW, dryRun: true });
    assert.deepEqual(outcomes, ['imported']);
    assert.equal(await s.keyway.stores.customers.findByEmail(1, 'dry@example.com'), undefined);
  });

  it('an address replaces the one with its id and moves the defaults', async () => {
    const address = {
      id: 7,
      website_id: 1,
      email: 'twice@example.com',
      firstname: 'A',
      lastname: 'B',
      middlename: null,
      prefix: null,
      suffix: null,
      company: null,
      street: ['1 Road'],
      city: 'Town',
      postcode: '12345',
      country_id: 'GB',
      region: null,
      region_id: null,
      telephone: null,
      fax: null,
      vat_id: null,
      default_billing: true,
      default_shipping: false,
    };
    assert.deepEqual(await store().upsertAddresses([address, { ...address, id: 8 }], NOW), ['imported', 'imported']);
    const moved = { ...address, city: 'City', default_billing: false };
    assert.deepEqual(await store().upsertAddresses([moved, { ...address, email: 'nobody@example.com' }], NOW), [
      'updated',
      'no-customer',
    ]);
    const row = (await s.keyway.stores.customers.findByEmail(1, 'twice@example.com'))!;
    assert.equal(row.default_billing, '8', 'the later row of the first batch took the default');
    const cities = (JSON.parse(row.addresses) as { id: number; city: string }[]).map((a) => [a.id, a.city]);
    assert.deepEqual(cities, [
      [7, 'City'],
      [8, 'Town'],
    ]);
  });
});
