// backends: sqlite, postgres
// A shared answer (a customer held in the caches) is frozen all the way down and encoded once per format; a
// change to the customer makes a new answer, never an edited old one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { heldCustomerData } from '../../src/accounts/customer-data.ts';
import type { CustomerRecord } from '../../src/accounts/customer-store.ts';
import { isShared, share } from '../../src/codecs/shared-values.ts';
import { renderBody } from '../../src/http/render.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('shared answers', () => {
  it('are frozen all the way down', () => {
    const value = share({ name: 'a', addresses: [{ city: 'Lyon', lines: ['1 rue'] }] });
    assert.ok(isShared(value));
    assert.throws(() => {
      (value.addresses[0]!.lines as string[]).push('2 rue');
    }, TypeError);
    assert.throws(() => {
      (value.addresses[0] as { city: string }).city = 'Paris';
    }, TypeError);
    // An object frozen already may still hold one that is not.
    const wrapped = share({ inner: Object.freeze({ list: [1] }) });
    assert.throws(() => {
      wrapped.inner.list.push(2);
    }, TypeError);
    assert.equal(isShared({ name: 'a' }), false);
  });

  it('are encoded once per format, and other values every time', () => {
    let encodings = 0;
    const counted = () => ({
      id: 7,
      toJSON() {
        encodings++;
        return { id: 7 };
      },
    });
    const shared = share(counted());
    assert.equal(renderBody(shared, 'json'), '{"id":7}');
    assert.equal(renderBody(shared, 'json'), '{"id":7}');
    assert.equal(encodings, 1);
    const plain = counted();
    renderBody(plain, 'json');
    renderBody(plain, 'json');
    assert.equal(encodings, 3);
  });

  it("a held customer's data is made once per record, and afresh for a replaced record", () => {
    const record = Object.freeze({
      entity_id: 3,
      group_id: 1,
      default_billing: null,
      default_shipping: null,
      created_at: '2026-01-01 00:00:00',
      updated_at: '2026-01-01 00:00:00',
      created_in: 'Default Store View',
      dob: null,
      email: 'held@example.com',
      firstname: 'Held',
      lastname: 'Customer',
      middlename: null,
      prefix: null,
      suffix: null,
      gender: null,
      store_id: 1,
      taxvat: null,
      website_id: 1,
      addresses: '[{"id":1,"customer_id":3,"city":"Lyon"}]',
      disable_auto_group_change: 0,
      is_subscribed: 0,
      custom_attributes: '[]',
    }) as unknown as CustomerRecord;
    const data = heldCustomerData(record);
    assert.equal(heldCustomerData(record), data);
    assert.ok(isShared(data));
    const replaced = Object.freeze({ ...record, email: 'new@example.com' }) as CustomerRecord;
    const fresh = heldCustomerData(replaced);
    assert.notEqual(fresh, data);
    assert.equal(fresh.email, 'new@example.com');
    assert.match(renderBody(fresh, 'json'), /"email":"new@example\.com"/);
    assert.match(renderBody(data, 'json'), /"email":"held@example\.com"/);
  });
});

describe('a cached customer over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
  });
  after(() => s.close());

  it('answers each format in its own encoding, and the update on the next call', async () => {
    const token = await s.customerToken();
    const json = await s.call('GET', '/rest/V1/customers/me', { token });
    const xml = await s.call('GET', '/rest/V1/customers/me', { token, headers: { accept: 'application/xml' } });
    const again = await s.call('GET', '/rest/V1/customers/me', { token });
    assert.equal(json.status, 200);
    assert.equal(again.text, json.text);
    assert.ok(xml.text.startsWith('<?xml version="1.0"?>\n<response>\n  <id>'), xml.text);
    const me = json.json as { email: string; firstname: string; lastname: string; website_id: number };
    const update = await s.call('PUT', '/rest/V1/customers/me', {
      token,
      json: { customer: { email: me.email, firstname: 'Renamed', lastname: me.lastname, website_id: me.website_id } },
    });
    assert.equal(update.status, 200, update.text);
    const after = await s.call('GET', '/rest/V1/customers/me', { token });
    assert.equal((after.json as { firstname: string }).firstname, 'Renamed');
    const afterXml = await s.call('GET', '/rest/V1/customers/me', { token, headers: { accept: 'application/xml' } });
    assert.ok(afterXml.text.includes('<firstname>Renamed</firstname>'), afterXml.text);
  });
});
