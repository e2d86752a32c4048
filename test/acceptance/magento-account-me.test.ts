// backends: sqlite, postgres
// Magento's AccountManagementMeTest (6.4), for the routes Keyway ships, and BaseService's shared checks (6.6).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { routeNotFound } from '../helpers/magento-bodies.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('AccountManagementMeTest', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedCustomer({ email: 'other@example.com', firstname: 'Other', lastname: 'Person' });
  });
  after(() => s.close());

  it('testGetCustomerData: the full customer, as the repository gives it', async () => {
    const token = await s.customerToken();
    const response = await s.call('GET', '/rest/V1/customers/me', { token });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, await s.keyway.customers.getById(1));
    assert.equal((response.json as { email: string }).email, CUSTOMER.email);
  });

  it('testUpdateCustomer: the lastname changes and the body id is ignored', async () => {
    const token = await s.customerToken();
    const me = (await s.call('GET', '/rest/V1/customers/me', { token })).json as Record<string, unknown>;
    const response = await s.call('PUT', '/rest/V1/customers/me', {
      token,
      json: { customer: { ...me, lastname: `${me.lastname}Updated`, id: 2 } },
    });
    assert.equal(response.status, 200);
    assert.equal((response.json as { lastname: string }).lastname, 'SmithUpdated');
    assert.equal((response.json as { id: number }).id, 1);
    const other = await s.keyway.customers.getById(2);
    assert.equal(other.lastname, 'Person');
  });

  it('testGetOtherCustomerInfo: a customerId in the query and an Id in the body reach no one else', async () => {
    const token = await s.customerToken();
    const response = await s.call('PUT', '/rest/V1/customers/me?customerId=2', {
      token,
      json: { customer: { id: '-1', Id: '2' } },
    });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'The customer email is missing. Enter and try again.' });
    assert.equal((await s.keyway.customers.getById(2)).email, 'other@example.com');
  });

  it('testChangePassword: answers true and the new password signs in', async () => {
    await s.seedCustomer({ email: 'changer@example.com', password: 'test@123' });
    const token = await s.customerToken('changer@example.com', 'test@123');
    const response = await s.call('PUT', '/rest/V1/customers/me/password', {
      token,
      json: { currentPassword: 'test@123', newPassword: '123@test' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.text, 'true');
    const login = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: 'changer@example.com', password: '123@test' },
    });
    assert.equal(login.status, 200);
  });
});

describe('BaseService shared assertions', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  it('unauthorized: 401 and the raw body starts with Magento text, apostrophe literal', async () => {
    const response = await s.call('GET', '/rest/V1/customers/me');
    assert.equal(response.status, 401);
    assert.ok(response.text.startsWith(`{"message":"The consumer isn't authorized to access %resources.`));
  });

  it('no route: 404 with "Request does not match any route."', async () => {
    const response = await s.call('GET', '/rest/V1/no/such/route');
    assert.equal(response.status, 404);
    assert.equal((response.json as { message: string }).message, routeNotFound.message);
  });
});
