// backends: sqlite, postgres
// In JWT mode every path that revokes today ends earlier JWTs of both kinds (Keyway's, through their session
// records; Magento's, through jwt_auth_revoked) and none issued later, the same second included for Keyway's.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';
import { magentoToken, seconds } from './magento-token.ts';

describe('JWT revocation', () => {
  let s: TestServer;
  let support: string;
  before(async () => {
    s = await createTestServer();
    await s.keyway.admins.createRole('Support', ['Magento_Customer::invalidate_tokens', 'Magento_User::acl_users']);
    await s.seedAdmin('support', 'abc12345', 'Support');
    await s.keyway.settings.set('webapi/token/format', 'jwt');
    support = await s.adminToken('support', 'abc12345');
  });
  after(() => s.close());

  const me = async (token: string) => (await s.call('GET', '/rest/V1/customers/me', { token })).status;
  const now = () => seconds(s.clock.now());
  /** A customer with one Keyway JWT and one Magento-signed JWT issued ten seconds ago. */
  async function customerWithTokens(email: string, password = CUSTOMER.password) {
    const id = await s.seedCustomer({ email, password });
    const own = await s.customerToken(email, password);
    const magento = magentoToken({ uid: id, utypid: 3, iat: now() - 10 });
    assert.equal(await me(own), 200);
    assert.equal(await me(magento), 200);
    return { id, own, magento };
  }
  /** Both kinds issued after the revocation live: Keyway's in the same second, Magento's from the next one. */
  async function laterTokensWork(id: number, email: string, password = CUSTOMER.password) {
    assert.equal(await me(await s.customerToken(email, password)), 200, 'a Keyway JWT of the same second');
    s.clock.advance(1000);
    assert.equal(await me(magentoToken({ uid: id, utypid: 3, iat: now() })), 200, 'a Magento JWT a second later');
  }

  it('revoke-customer-token', async () => {
    const email = 'self-revoke@example.com';
    const { id, own, magento } = await customerWithTokens(email);
    const revoke = await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: own });
    assert.equal(revoke.text, 'true');
    assert.equal(await me(own), 401);
    assert.equal(await me(magento), 401);
    const row = await s.keyway.stores.driver.get<{ revoke_before: number }>(
      'SELECT revoke_before FROM jwt_auth_revoked WHERE user_type_id = 3 AND user_id = ?',
      [id],
    );
    assert.equal(row?.revoke_before, now(), 'every token issued up to this second');
    await laterTokensWork(id, email);
  });

  it('a Magento token revokes itself (and its fellows) through revoke-customer-token too', async () => {
    const email = 'magento-self@example.com';
    const { id, own, magento } = await customerWithTokens(email);
    assert.equal(
      (await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: magento })).text,
      'true',
    );
    assert.equal(await me(magento), 401);
    assert.equal(await me(own), 401);
    await laterTokensWork(id, email);
  });

  it('disabling the customer', async () => {
    const email = 'disabled-jwt@example.com';
    const { id, own, magento } = await customerWithTokens(email);
    await s.keyway.admins.setCustomerActive(email, false, [1]);
    assert.equal(await me(own), 401);
    assert.equal(await me(magento), 401);
    await s.keyway.admins.setCustomerActive(email, true, [1]);
    assert.equal(await me(own), 401, 'still dead after re-enabling');
    assert.equal(await me(magento), 401, 'still dead after re-enabling');
    await laterTokensWork(id, email);
  });

  it("a password change: the caller's JWT stays, the others go", async () => {
    const email = 'changer-jwt@example.com';
    const { id, own, magento } = await customerWithTokens(email, 'Old-pass1');
    const caller = await s.customerToken(email, 'Old-pass1');
    const change = await s.call('PUT', '/rest/V1/customers/me/password', {
      token: caller,
      json: { currentPassword: 'Old-pass1', newPassword: 'New-pass2' },
    });
    assert.equal(change.text, 'true');
    assert.equal(await me(caller), 200);
    assert.equal(await me(own), 401);
    assert.equal(await me(magento), 401);
    await laterTokensWork(id, email, 'New-pass2');
  });

  it('the admin route POST /V1/customers/:id/tokens/revoke', async () => {
    const email = 'admin-revoked@example.com';
    const { id, own, magento } = await customerWithTokens(email);
    const revoke = await s.call('POST', `/rest/V1/customers/${id}/tokens/revoke`, { token: support });
    assert.equal(revoke.text, 'true');
    assert.equal(await me(own), 401);
    assert.equal(await me(magento), 401);
    await laterTokensWork(id, email);
  });

  it('deleting the customer', async () => {
    await s.keyway.admins.createRole('Managers', ['Magento_Customer::manage']);
    await s.seedAdmin('manager', 'abc12345', 'Managers');
    const { id, own, magento } = await customerWithTokens('deleted-jwt@example.com');
    const deletion = await s.call('DELETE', `/rest/V1/customers/${id}`, {
      token: await s.adminToken('manager', 'abc12345'),
    });
    assert.equal(deletion.text, 'true');
    assert.equal(await me(own), 401);
    assert.equal(await me(magento), 401);
  });

  it("admins: the users/:userId/tokens/revoke route and disabling end the admin's JWTs of both kinds", async () => {
    const adminId = await s.seedAdmin('target', 'abc12345');
    // Customer 1 exists (the first test's); any answer but 401 means the token was admitted.
    const customers = async (token: string) => {
      const { status } = await s.call('GET', '/rest/V1/customers/1', { token });
      return { status: status === 401 ? 401 : 200 };
    };
    for (const revoke of [
      () => s.call('POST', `/rest/V1/integration/admin/users/${adminId}/tokens/revoke`, { token: support }),
      async () => {
        await s.keyway.admins.setAdminActive('target', false);
        await s.keyway.admins.setAdminActive('target', true);
      },
    ]) {
      // Past the previous round's revocation, so the Magento token below was issued after it.
      s.clock.advance(11_000);
      const own = await s.adminToken('target', 'abc12345');
      const magento = magentoToken({ uid: adminId, utypid: 2, iat: now() - 10 });
      assert.equal((await customers(own)).status, 200);
      assert.equal((await customers(magento)).status, 200);
      await revoke();
      assert.equal((await customers(own)).status, 401);
      assert.equal((await customers(magento)).status, 401);
      assert.equal((await customers(await s.adminToken('target', 'abc12345'))).status, 200, 'same second, Keyway');
      s.clock.advance(1000);
      assert.equal((await customers(magentoToken({ uid: adminId, utypid: 2, iat: now() }))).status, 200);
    }
  });
});

describe('JWT sessions', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.keyway.settings.set('webapi/token/format', 'jwt');
  });
  after(() => s.close());
  const me = async (token: string) => (await s.call('GET', '/rest/V1/customers/me', { token })).status;

  it('are listed with their exp and revoked one by one, with the same answers as opaque tokens', async () => {
    const phone = await s.customerToken();
    s.clock.advance(1000);
    const laptop = await s.customerToken();
    const list = await s.call('GET', '/rest/V1/integration/customer/tokens', { token: phone });
    const sessions = list.json as { id: number; created_at: string; expires_at: string; last_used_at: string | null }[];
    assert.equal(sessions.length, 2);
    assert.equal(Date.parse(`${sessions[0]!.expires_at}Z`) - Date.parse(`${sessions[0]!.created_at}Z`), 3_600_000);
    assert.notEqual(sessions[1]!.last_used_at, null, 'the phone token was just used');
    for (const token of [phone, laptop]) assert.equal(list.text.includes(token), false);
    const revoke = await s.call('DELETE', `/rest/V1/integration/customer/tokens/${sessions[0]!.id}`, { token: phone });
    assert.equal(revoke.text, 'true');
    assert.equal(await me(laptop), 401);
    assert.equal(await me(phone), 200);
    const again = await s.call('DELETE', `/rest/V1/integration/customer/tokens/${sessions[0]!.id}`, { token: phone });
    assert.equal(again.status, 404);
    assert.equal((await s.call('POST', '/rest/V1/integration/token/revoke', { token: phone })).text, 'true');
    assert.equal(await me(phone), 401);
  });

  it("POST /V1/integration/token/revoke with a Magento token ends it (and the user's other Magento tokens only)", async () => {
    const own = await s.customerToken();
    const iat = seconds(s.clock.now()) - 5;
    const magento = magentoToken({ uid: 1, utypid: 3, iat });
    const other = magentoToken({ uid: 1, utypid: 3, iat: iat - 1 });
    assert.equal((await s.call('POST', '/rest/V1/integration/token/revoke', { token: magento })).text, 'true');
    assert.equal(await me(magento), 401);
    assert.equal(await me(other), 401);
    assert.equal(await me(own), 200, "Keyway's own JWT has its record and lives on");
  });

  it('a JWT is stored as its SHA-256 digest, never as the token or its signature', async () => {
    const token = await s.customerToken();
    let dump = '';
    for (const table of ['oauth_token', 'jwt_auth_revoked', 'core_config_data']) {
      for (const row of await s.keyway.stores.driver.all<Record<string, unknown>>(`SELECT * FROM ${table}`)) {
        dump += `${JSON.stringify(row)}\n`;
      }
    }
    assert.equal(dump.includes(token.split('.')[2]!), false);
    assert.equal(dump.includes(token.split('.')[1]!), false);
    assert.equal(dump.includes(createHash('sha256').update(token).digest('hex')), true);
  });

  it('the expired-token sweep removes records of ended JWTs only', async () => {
    await s.seedCustomer({ email: 'sweep@example.com' });
    await s.customerToken('sweep@example.com');
    const count = async () =>
      Number(
        (await s.keyway.stores.driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM oauth_token WHERE user_id = 2'))!.n,
      );
    assert.equal(await count(), 1);
    s.clock.advance(3_599_000);
    await s.keyway.tokens.deleteExpired();
    assert.equal(await count(), 1);
    s.clock.advance(1000);
    await s.keyway.tokens.deleteExpired();
    assert.equal(await count(), 0);
  });
});
