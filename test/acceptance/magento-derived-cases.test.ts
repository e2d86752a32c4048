// backends: sqlite, postgres
// The acceptance cases derived from Magento's code (reference 6.8), plus CoreRoutingTest::testRestNoAcceptHeader.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notAuthorized, routeNotFound } from '../helpers/magento-bodies.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

const TOKEN_URL = '/rest/V1/integration/customer/token';
const CREDENTIALS = JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password });

describe('Magento behaviour derived from code (6.8)', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedAdmin('webapi_user', '123123q');
  });
  after(() => s.close());

  it('1. GET on the token route: 404', async () => {
    const response = await s.call('GET', TOKEN_URL);
    assert.equal(response.status, 404);
    assert.deepEqual(response.json, routeNotFound);
  });

  it('2. PATCH on any URL: 405 naming the method', async () => {
    for (const url of [TOKEN_URL, '/rest/V1/customers/me', '/anything']) {
      const response = await s.call('PATCH', url);
      assert.equal(response.status, 405);
      assert.deepEqual(response.json, { message: 'The PATCH HTTP method is not supported.' });
    }
  });

  it('3. Content-Type text/plain: 400 with the media type, slash escaped', async () => {
    const response = await s.call('POST', TOKEN_URL, { body: CREDENTIALS, headers: { 'content-type': 'text/plain' } });
    assert.equal(response.status, 400);
    assert.equal(
      response.text,
      '{"message":"Server cannot understand Content-Type HTTP header media type text\\/plain"}',
    );
  });

  it('4. a body without Content-Type: 400 "Content-Type header is empty."', async () => {
    const response = await s.call('POST', TOKEN_URL, { body: CREDENTIALS });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'Content-Type header is empty.' });
  });

  it('5. a charset other than UTF-8: 400', async () => {
    const response = await s.call('POST', TOKEN_URL, {
      body: CREDENTIALS,
      headers: { 'content-type': 'application/json; charset=latin1' },
    });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'UTF-8 is the only supported charset.' });
  });

  it('6. malformed JSON: 400 "Decoding error."', async () => {
    const response = await s.call('POST', TOKEN_URL, {
      body: '{"username": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'Decoding error.' });
  });

  it('7. "bearer" in lower case works; "Token x" and two spaces make a guest', async () => {
    const token = await s.customerToken();
    const lower = await s.call('GET', '/rest/V1/customers/me', { headers: { authorization: `bearer ${token}` } });
    assert.equal(lower.status, 200);
    for (const header of [`Token ${token}`, `Bearer  ${token}`, `Bearer ${token} extra`, token]) {
      const response = await s.call('GET', '/rest/V1/customers/me', { headers: { authorization: header } });
      assert.equal(response.status, 401, header);
      assert.deepEqual(response.json, notAuthorized('self'));
    }
  });

  it('8. an expired or revoked token: 401 on a self route, 200 on an anonymous one', async () => {
    const revoked = await s.customerToken();
    await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: revoked });
    const expired = await s.customerToken();
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '1');
    s.clock.advance(2 * 3_600_000);
    try {
      for (const token of [revoked, expired]) {
        const me = await s.call('GET', '/rest/V1/customers/me', { token });
        assert.equal(me.status, 401);
        assert.deepEqual(me.json, notAuthorized('self'));
        const anonymous = await s.call('POST', '/rest/V1/customers/isEmailAvailable', {
          token,
          json: { customerEmail: 'free@example.com' },
        });
        assert.equal(anonymous.status, 200);
        assert.equal(anonymous.text, 'true');
      }
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
  });

  it('9. a customer token on an admin route: 401 naming Magento_Customer::customer', async () => {
    const token = await s.customerToken();
    const response = await s.call('GET', '/rest/V1/customers/1', { token });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, notAuthorized('Magento_Customer::customer'));
  });

  it('10. Accept: application/xml on a token call', async () => {
    const response = await s.call('POST', TOKEN_URL, {
      body: CREDENTIALS,
      headers: { 'content-type': 'application/json', accept: 'application/xml' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/xml; charset=utf-8');
    assert.match(response.text, /^<\?xml version="1\.0"\?>\n<response>[0-9a-z]{32}<\/response>\n$/);
  });

  it('11. revoke, then the old token fails at once and a new login works', async () => {
    const old = await s.customerToken();
    const revoke = await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: old });
    assert.equal(revoke.text, 'true');
    assert.equal((await s.call('GET', '/rest/V1/customers/me', { token: old })).status, 401);
    const fresh = await s.customerToken();
    assert.notEqual(fresh, old);
    assert.equal((await s.call('GET', '/rest/V1/customers/me', { token: fresh })).status, 200);
  });

  it('CoreRoutingTest::testRestNoAcceptHeader: an empty Accept gives JSON', async () => {
    const response = await s.call('POST', TOKEN_URL, {
      body: CREDENTIALS,
      headers: { 'content-type': 'application/json', accept: '' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    assert.match(response.text, /^"[0-9a-z]{32}"$/);
  });
});
