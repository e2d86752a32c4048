// backends: sqlite, postgres
// Guests on anonymous routes, and every way a token stops working (SPEC section 2).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notAuthorized } from '../helpers/magento-bodies.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

const ANONYMOUS = ['/rest/V1/customers/isEmailAvailable', { json: { customerEmail: 'someone@example.com' } }] as const;

async function meStatus(s: TestServer, token: string): Promise<number> {
  return (await s.call('GET', '/rest/V1/customers/me', { token })).status;
}

describe('guests on anonymous routes', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
  });
  after(() => s.close());

  it('answer 200 with no token, a garbage, a revoked and an expired token', async () => {
    const revoked = await s.customerToken();
    await s.keyway.tokens.revokeAllFor(3, 1);
    const expiring = await s.customerToken();
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '1');
    s.clock.advance(3_600_000);
    try {
      assert.equal(await meStatus(s, expiring), 401, 'the expired token is really expired');
      const variants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer garbage' },
        { authorization: `Bearer ${'z'.repeat(32)}` },
        { authorization: `Bearer ${revoked}` },
        { authorization: `Bearer ${expiring}` },
        { authorization: 'Basic dXNlcjpwYXNz' },
      ];
      for (const headers of variants) {
        const response = await s.call('POST', ANONYMOUS[0], { ...ANONYMOUS[1], headers });
        assert.equal(response.status, 200, JSON.stringify(headers));
        assert.equal(response.text, 'true');
        const login = await s.call('POST', '/rest/V1/integration/customer/token', {
          headers,
          json: { username: CUSTOMER.email, password: CUSTOMER.password },
        });
        assert.equal(login.status, 200);
      }
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
  });

  it('a guest on a self route gets the 401 naming self', async () => {
    const response = await s.call('GET', '/rest/V1/customers/me', { headers: { authorization: 'Bearer garbage' } });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, notAuthorized('self'));
  });
});

describe('revocation', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  it('revoke-customer-token ends every token of the customer at once; a new login works', async () => {
    const email = 'revoker@example.com';
    await s.seedCustomer({ email });
    const first = await s.customerToken(email);
    const second = await s.customerToken(email);
    const revoke = await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: first });
    assert.equal(revoke.text, 'true');
    assert.equal(await meStatus(s, first), 401);
    assert.equal(await meStatus(s, second), 401);
    assert.equal(await meStatus(s, await s.customerToken(email)), 200);
  });

  it("revoking one customer's tokens leaves another customer's alone", async () => {
    await s.seedCustomer({ email: 'a@example.com' });
    await s.seedCustomer({ email: 'b@example.com' });
    const a = await s.customerToken('a@example.com');
    const b = await s.customerToken('b@example.com');
    await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: a });
    assert.equal(await meStatus(s, a), 401);
    assert.equal(await meStatus(s, b), 200);
  });

  it('disabling a customer revokes its tokens and refuses its logins; enabling lets it in again', async () => {
    const email = 'disabled@example.com';
    await s.seedCustomer({ email });
    const token = await s.customerToken(email);
    await s.keyway.admins.setCustomerActive(email, false, [1]);
    assert.equal(await meStatus(s, token), 401);
    const refused = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: email, password: CUSTOMER.password },
    });
    assert.equal(refused.status, 401);
    assert.equal(
      await s.keyway.stores.driver.get(
        'SELECT 1 FROM oauth_token WHERE user_type = 3 AND user_id = (SELECT entity_id FROM customer_entity WHERE email = ?)',
        [email],
      ),
      undefined,
    );
    await s.keyway.admins.setCustomerActive(email, true, [1]);
    assert.equal(await meStatus(s, token), 401, 'a revoked token stays revoked after re-enabling');
    assert.equal(await meStatus(s, await s.customerToken(email)), 200);
  });

  it('deleting a customer revokes its tokens', async () => {
    await s.seedAdmin('deleter', 'abc12345');
    const email = 'deleted@example.com';
    const id = await s.seedCustomer({ email });
    const token = await s.customerToken(email);
    const admin = await s.adminToken('deleter', 'abc12345');
    const deletion = await s.call('DELETE', `/rest/V1/customers/${id}`, { token: admin });
    assert.equal(deletion.text, 'true');
    assert.equal(await meStatus(s, token), 401);
  });

  it('a password change revokes the other tokens but keeps the one that made the change', async () => {
    const email = 'changer@example.com';
    await s.seedCustomer({ email, password: 'Old-pass1' });
    const other = await s.customerToken(email, 'Old-pass1');
    const caller = await s.customerToken(email, 'Old-pass1');
    const change = await s.call('PUT', '/rest/V1/customers/me/password', {
      token: caller,
      json: { currentPassword: 'Old-pass1', newPassword: 'New-pass2' },
    });
    assert.equal(change.text, 'true');
    assert.equal(await meStatus(s, other), 401);
    assert.equal(await meStatus(s, caller), 200);
  });

  it('a failed password change revokes nothing', async () => {
    const email = 'keeper@example.com';
    await s.seedCustomer({ email, password: 'Old-pass1' });
    const other = await s.customerToken(email, 'Old-pass1');
    const caller = await s.customerToken(email, 'Old-pass1');
    const change = await s.call('PUT', '/rest/V1/customers/me/password', {
      token: caller,
      json: { currentPassword: 'wrong', newPassword: 'New-pass2' },
    });
    assert.equal(change.status, 401);
    assert.equal(await meStatus(s, other), 200);
  });

  it('disabling an admin revokes its tokens', async () => {
    await s.seedAdmin('fired', 'abc12345');
    const token = await s.adminToken('fired', 'abc12345');
    assert.equal((await s.call('GET', '/rest/V1/store/websites', { token })).status, 200);
    await s.keyway.admins.setAdminActive('fired', false);
    assert.equal((await s.call('GET', '/rest/V1/store/websites', { token })).status, 401);
  });
});
