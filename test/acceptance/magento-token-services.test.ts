// backends: sqlite, postgres
// Magento's own api-functional tests for the token services, ported: CustomerTokenServiceTest (6.1),
// AdminTokenServiceTest without the two-factor skip (6.2) and AccountManagementRevokeCustomerTokenTest (6.3).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIGN_IN_INCORRECT, bothRequired, notAuthorized } from '../helpers/magento-bodies.ts';
import { ADMIN, CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

const TOKEN = /^[0-9a-z]{32}$/;

describe('CustomerTokenServiceTest', () => {
  let s: TestServer;
  let customerId: number;
  before(async () => {
    s = await createTestServer();
    customerId = await s.seedCustomer();
  });
  after(() => s.close());

  for (const store of ['default', 'all']) {
    it(`testCreateCustomerAccessToken (${store} store)`, async () => {
      const bad = await s.call('POST', '/rest/default/V1/integration/customer/token', {
        json: { username: CUSTOMER.email, password: 'invalid' },
      });
      assert.equal(bad.status, 401);
      let row = await s.keyway.stores.customers.findById(customerId);
      assert.equal(row?.failures_num, 1);
      assert.notEqual(row?.first_failure, null);

      const good = await s.call('POST', `/rest/${store}/V1/integration/customer/token`, {
        json: { username: CUSTOMER.email, password: CUSTOMER.password },
      });
      assert.equal(good.status, 200);
      assert.equal(good.headers['content-type'], 'application/json; charset=utf-8');
      assert.match(good.json as string, TOKEN);
      row = await s.keyway.stores.customers.findById(customerId);
      assert.equal(row?.failures_num, 0);
      assert.equal(row?.first_failure, null);
      const principal = await s.keyway.tokens.authenticate(good.json as string);
      assert.equal(principal.kind, 'customer');
      assert.equal(principal.kind === 'customer' && principal.customerId, customerId);
    });
  }

  for (const [label, value] of [
    ['empty', ''],
    ['null', null],
  ] as const) {
    it(`testCreateCustomerAccessTokenEmptyOrNullCredentials (${label})`, async () => {
      const response = await s.call('POST', '/rest/default/V1/integration/customer/token', {
        json: { username: value, password: value },
      });
      assert.equal(response.status, 400);
      assert.deepEqual(response.json, bothRequired());
    });
  }

  it('testCreateCustomerAccessTokenInvalidCustomer', async () => {
    const response = await s.call('POST', '/rest/default/V1/integration/customer/token', {
      json: { username: 'invalid', password: 'invalid' },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, SIGN_IN_INCORRECT);
  });

  it('testThrottlingMaxAttempts: 5 failures, then the right password succeeds', async () => {
    const email = 'max-attempts@example.com';
    const id = await s.seedCustomer({ email });
    for (let i = 0; i < 5; i++) {
      await s.call('POST', '/rest/default/V1/integration/customer/token', {
        json: { username: email, password: 'bad' },
      });
    }
    const good = await s.call('POST', '/rest/default/V1/integration/customer/token', {
      json: { username: email, password: CUSTOMER.password },
    });
    assert.equal(good.status, 200);
    const principal = await s.keyway.tokens.authenticate(good.json as string);
    assert.equal(principal.kind === 'customer' && principal.customerId, id);
  });

  it('testThrottlingAccountLockout: 6 failures, then the right password is refused', async () => {
    const email = 'lockout@example.com';
    await s.seedCustomer({ email });
    for (let i = 0; i < 6; i++) {
      const bad = await s.call('POST', '/rest/default/V1/integration/customer/token', {
        json: { username: email, password: 'bad' },
      });
      assert.equal(bad.status, 401);
      assert.deepEqual(bad.json, SIGN_IN_INCORRECT);
    }
    const good = await s.call('POST', '/rest/default/V1/integration/customer/token', {
      json: { username: email, password: CUSTOMER.password },
    });
    assert.equal(good.status, 401);
    assert.deepEqual(good.json, SIGN_IN_INCORRECT);
  });
});

describe('AdminTokenServiceTest', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
  });
  after(() => s.close());

  it('testCreateAdminAccessToken: the token belongs to the admin', async () => {
    const response = await s.call('POST', '/rest/V1/integration/admin/token', { json: ADMIN });
    assert.equal(response.status, 200);
    assert.match(response.json as string, TOKEN);
    const principal = await s.keyway.tokens.authenticate(response.json as string);
    assert.equal(principal.kind, 'admin');
    const admin = await s.keyway.stores.admins.findByUsername(ADMIN.username);
    assert.equal(principal.kind === 'admin' && principal.adminId, admin?.user_id);
  });

  for (const [label, value] of [
    ['empty', ''],
    ['null', null],
  ] as const) {
    it(`testCreateAdminAccessTokenEmptyOrNullCredentials (${label})`, async () => {
      const response = await s.call('POST', '/rest/V1/integration/admin/token', {
        json: { username: value, password: value },
      });
      assert.equal(response.status, 400);
      assert.deepEqual(response.json, bothRequired());
    });
  }

  it('testCreateAdminAccessTokenInvalidCredentials', async () => {
    const response = await s.call('POST', '/rest/V1/integration/admin/token', {
      json: { username: 'invalid', password: 'invalid' },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, SIGN_IN_INCORRECT);
  });

  it('testUseAdminAccessTokenInactiveAdmin', async () => {
    const token = await s.adminToken();
    const url = '/rest/V1/store/storeConfigs?storeCodes[0]=default';
    const before = await s.call('GET', url, { token });
    assert.equal(before.status, 200);
    assert.equal((before.json as { code: string }[])[0]?.code, 'default');
    await s.keyway.admins.setAdminActive(ADMIN.username, false);
    const after = await s.call('GET', url, { token });
    assert.equal(after.status, 401);
    assert.deepEqual(after.json, notAuthorized('Magento_Backend::store'));
    await s.keyway.admins.setAdminActive(ADMIN.username, true);
  });

  it('testThrottlingMaxAttempts', async () => {
    await s.seedAdmin('admin_max', 'abc12345');
    for (let i = 0; i < 5; i++) {
      await s.call('POST', '/rest/V1/integration/admin/token', { json: { username: 'admin_max', password: 'wrong1' } });
    }
    const good = await s.call('POST', '/rest/V1/integration/admin/token', {
      json: { username: 'admin_max', password: 'abc12345' },
    });
    assert.equal(good.status, 200);
    assert.match(good.json as string, TOKEN);
  });

  it('testThrottlingAccountLockout', async () => {
    await s.seedAdmin('admin_lock', 'abc12345');
    for (let i = 0; i < 6; i++) {
      const bad = await s.call('POST', '/rest/V1/integration/admin/token', {
        json: { username: 'admin_lock', password: 'wrong1' },
      });
      assert.equal(bad.status, 401);
      assert.deepEqual(bad.json, SIGN_IN_INCORRECT);
    }
    const good = await s.call('POST', '/rest/V1/integration/admin/token', {
      json: { username: 'admin_lock', password: 'abc12345' },
    });
    assert.equal(good.status, 401);
    assert.deepEqual(good.json, SIGN_IN_INCORRECT);
  });
});

describe('AccountManagementRevokeCustomerTokenTest', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
  });
  after(() => s.close());

  it('testRevokeCustomerToken: answers true, and the token no longer works', async () => {
    const token = await s.customerToken();
    const response = await s.call('POST', '/rest/default/V1/integration/customer/revoke-customer-token', {
      token,
      json: [],
    });
    assert.equal(response.status, 200);
    assert.equal(response.text, 'true');
    const me = await s.call('GET', '/rest/V1/customers/me', { token });
    assert.equal(me.status, 401);
  });

  it('testRevokeCustomerTokenForGuestCustomer: 401 naming self', async () => {
    const response = await s.call('POST', '/rest/default/V1/integration/customer/revoke-customer-token', { json: [] });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, notAuthorized('self'));
  });
});
